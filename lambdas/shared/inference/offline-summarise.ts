import { isStopword, tokenize } from '../embeddings/text-normalization';
import { SUMMARY_DEFAULTS, type SummariseOutput, type SummariseRequest } from './operations/summarise';
import { splitSentences } from './text-spans';

/** The first sentence of a ticket usually states the problem; it gets this bonus. */
const LEAD_BONUS = 1.25;

/**
 * Offline extractive summary: sentences score by the document frequency of their
 * content words (normalised by sentence length, the first sentence favoured); the best
 * `maxSentences` are kept in their original order within `maxChars`. Confidence is
 * the share of the text's distinct content words the summary keeps.
 */
export function summariseOffline(request: SummariseRequest): SummariseOutput {
  const maxSentences = Math.max(1, request.maxSentences ?? SUMMARY_DEFAULTS.maxSentences);
  const maxChars = Math.max(1, request.maxChars ?? SUMMARY_DEFAULTS.maxChars);
  const sentences = splitSentences(request.text);
  if (sentences.length === 0) return { summary: '(empty)', confidence: 0 };
  const words = sentences.map(contentWords);
  const frequency = new Map<string, number>();
  for (const list of words) for (const w of new Set(list)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const scored = sentences.map((sentence, index) => {
    const list = words[index] ?? [];
    const raw = list.reduce((sum, w) => sum + (frequency.get(w) ?? 0), 0) / Math.sqrt(Math.max(1, list.length));
    return { sentence, index, score: raw * (index === 0 ? LEAD_BONUS : 1) };
  });
  const chosen = scored
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, maxSentences)
    .sort((a, b) => a.index - b.index);
  while (chosen.length > 1 && joinSentences(chosen).length > maxChars) {
    const weakest = chosen.reduce((w, s) => (s.score < w.score ? s : w));
    chosen.splice(chosen.indexOf(weakest), 1);
  }
  const summary = cut(joinSentences(chosen), maxChars);
  const all = new Set(words.flat());
  const kept = new Set(contentWords(summary));
  const confidence = all.size === 0 ? 0 : [...all].filter((w) => kept.has(w)).length / all.size;
  return { summary, confidence: Number(confidence.toFixed(4)) };
}

function contentWords(sentence: string): string[] {
  return tokenize(sentence).filter((t) => t.length > 2 && !isStopword(t));
}

function joinSentences(list: readonly { sentence: string }[]): string {
  return list.map((s) => s.sentence).join(' ');
}

// Cuts at a word boundary and marks the cut.
function cut(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const room = text.slice(0, Math.max(1, maxChars - 1));
  const space = room.lastIndexOf(' ');
  return `${space > maxChars / 2 ? room.slice(0, space) : room}…`;
}
