import { detectLanguage, extractConcepts } from '../embeddings';
import type { Language } from '../records';
import type { ExtractOutput, ExtractRequest, SlotDefinition, SlotFill, SlotValue } from './operations/extract';
import { quoteSpans, type TokenSpan, tokenSpans } from './text-spans';

/** Confidence of a value named in the message's own words. */
const SURFACE_CONFIDENCE = 0.9;
/** Confidence of a value reached through the bilingual lexicon (same concept, other words). */
const CONCEPT_CONFIDENCE = 0.7;
/** Longest lexicon phrase, in words, searched for evidence. */
const MAX_PHRASE_WORDS = 4;

interface Hit {
  readonly value: string;
  readonly weight: number;
  readonly position: number;
  readonly evidence: string;
}

/**
 * Offline slot extraction by gazetteer and lexicon matching: a value is found when one
 * of its names (or the value itself) appears in the message as a phrase, or, across
 * languages, when a name's concept in the bilingual lexicon appears ("base de datos"
 * for `database`). Open slots take the first match of their pattern. Several values
 * matching one slot share the confidence; an unfilled slot is null at confidence 0.
 * Evidence is always quoted from the message.
 */
export function extractOffline(request: ExtractRequest): ExtractOutput {
  const spans = tokenSpans(request.text);
  const language = detectLanguage(request.text).language;
  const slots: Record<string, SlotFill> = {};
  for (const slot of request.slots) slots[slot.name] = fillSlot(request.text, spans, language, slot);
  return { slots };
}

const EMPTY: SlotFill = { value: null, confidence: 0, evidence: null };

function fillSlot(text: string, spans: readonly TokenSpan[], language: Language, slot: SlotDefinition): SlotFill {
  if (slot.values !== undefined && slot.values.length > 0) return fillClosedSlot(text, spans, language, slot.values);
  if (slot.pattern === undefined) return EMPTY;
  const match = new RegExp(slot.pattern, 'iu').exec(text);
  if (match === null) return EMPTY;
  const value = (match[1] ?? match[0]).trim();
  return value === '' ? EMPTY : { value, confidence: SURFACE_CONFIDENCE, evidence: match[0] };
}

function fillClosedSlot(
  text: string,
  spans: readonly TokenSpan[],
  language: Language,
  values: readonly SlotValue[],
): SlotFill {
  const tokens = spans.map((s) => s.token);
  const textConcepts = new Set(extractConcepts(tokens, language));
  const hits: Hit[] = [];
  for (const value of values) {
    const hit = findValue(text, spans, tokens, language, textConcepts, value);
    if (hit !== undefined) hits.push(hit);
  }
  if (hits.length === 0) return EMPTY;
  hits.sort((a, b) => b.weight - a.weight || a.position - b.position);
  const best = hits[0] as Hit;
  const total = hits.reduce((sum, h) => sum + h.weight, 0);
  return {
    value: best.value,
    confidence: Number(((best.weight * best.weight) / total).toFixed(4)),
    evidence: best.evidence,
  };
}

function findValue(
  text: string,
  spans: readonly TokenSpan[],
  tokens: readonly string[],
  language: Language,
  textConcepts: ReadonlySet<string>,
  value: SlotValue,
): Hit | undefined {
  const names = [value.value, ...(value.synonyms ?? [])];
  let surface: Hit | undefined;
  for (const name of names) {
    const nameTokens = tokenSpans(name).map((s) => s.token);
    const at = findPhrase(tokens, nameTokens);
    if (at >= 0 && (surface === undefined || at < surface.position)) {
      surface = {
        value: value.value,
        weight: SURFACE_CONFIDENCE,
        position: at,
        evidence: quoteSpans(text, spans, at, at + nameTokens.length),
      };
    }
  }
  if (surface !== undefined) return surface;
  for (const name of names) {
    const nameTokens = tokenSpans(name).map((s) => s.token);
    const concepts = new Set([...extractConcepts(nameTokens, 'en'), ...extractConcepts(nameTokens, 'es')]);
    if (concepts.size === 0 || ![...concepts].every((c) => textConcepts.has(c))) continue;
    const window = findConcept(tokens, language, [...concepts][0] as string);
    if (window === undefined) continue;
    return {
      value: value.value,
      weight: CONCEPT_CONFIDENCE,
      position: window[0],
      evidence: quoteSpans(text, spans, window[0], window[1]),
    };
  }
  return undefined;
}

// The first position where the phrase's words appear in order; plurals match singulars.
function findPhrase(tokens: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return -1;
  for (let i = 0; i + phrase.length <= tokens.length; i += 1) {
    if (phrase.every((word, offset) => sameWord(tokens[i + offset] as string, word))) return i;
  }
  return -1;
}

function sameWord(token: string, word: string): boolean {
  if (token === word) return true;
  const stem = (w: string) =>
    w.length > 4 && w.endsWith('es') ? w.slice(0, -2) : w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w;
  return stem(token) === stem(word);
}

// The shortest, earliest window of words the lexicon reads as the concept.
function findConcept(tokens: readonly string[], language: Language, concept: string): [number, number] | undefined {
  for (let i = 0; i < tokens.length; i += 1) {
    for (let length = 1; length <= MAX_PHRASE_WORDS && i + length <= tokens.length; length += 1) {
      const found = extractConcepts(tokens.slice(i, i + length), language);
      // The window must start where the phrase starts, not on a word before it.
      const fromNext = extractConcepts(tokens.slice(i + 1, i + length), language);
      if (found[0] === concept && fromNext[0] !== concept) return [i, i + length];
    }
  }
  return undefined;
}
