import { detectLanguage } from '../shared/embeddings/detect-language';
import type { Language } from '../shared/records';
import { label } from './phrases';
import type { AssistantSlots } from './recommend';

/** Reading a user's message, and the description the change form gets. */

// "actually it's production", "no, production", "en realidad es producción", "mejor dicho…"
const CORRECTION_MARKER =
  /\b(actually|sorry|i meant|i mean|rather|no,|not .{1,30}? but|en realidad|perd[oó]n|mejor dicho|quise decir|quiero decir|no es .{1,30}? sino)\s*/giu;

/** The reply language: the message's own when clear, else the session's. */
export function replyLanguage(text: string, sessionLanguage: Language): Language {
  const guess = detectLanguage(text);
  return guess.confidence >= 0.3 ? guess.language : sessionLanguage;
}

/** The text after the last correction marker, or null when the message corrects nothing. */
export function textAfterCorrection(text: string): string | null {
  let last = -1;
  for (const match of text.matchAll(CORRECTION_MARKER)) last = (match.index ?? 0) + match[0].length;
  if (last < 0) return null;
  const rest = text.slice(last).trim();
  return rest === '' ? null : rest;
}

/** The change form's description: the slots collected, then what the user said (at most 800 characters). */
export function formSummary(slots: AssistantSlots, userText: string, language: Language): string {
  const head =
    language === 'es'
      ? `Solicitado con el asistente de modelos de cambio. Tecnología: ${label(slots.technologyFamily ?? '', language)}; objetivo: ${label(slots.objective ?? '', language)}; entorno: ${label(slots.environment ?? '', language)}.`
      : `Requested through the change model assistant. Technology: ${label(slots.technologyFamily ?? '', language)}; objective: ${label(slots.objective ?? '', language)}; environment: ${label(slots.environment ?? '', language)}.`;
  const said = userText.replace(/\s+/g, ' ').trim();
  return `${head} ${language === 'es' ? 'Petición' : 'Request'}: ${said.length > 800 ? `${said.slice(0, 800)}…` : said}`;
}
