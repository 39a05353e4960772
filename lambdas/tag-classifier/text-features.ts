import { extractConcepts } from '../shared/embeddings';
import { detectLanguageOfTokens } from '../shared/embeddings/detect-language';
import { isStopword, tokenize } from '../shared/embeddings/text-normalization';

/** Which feature families a text contributes; all on by default. */
export interface TextFeatureOptions {
  /** Word bigrams over the content words. @default true */
  readonly bigrams?: boolean;
  /** Shortest and longest character n-gram inside a word (padded by spaces); null for none. @default [3, 5] */
  readonly charGrams?: readonly [number, number] | null;
  /** Bilingual lexicon concepts ("@password" for "password" and "contraseña"). @default true */
  readonly concepts?: boolean;
  /** The short description's words again as their own features ("s:"). @default true */
  readonly titleWords?: boolean;
}

/** A ticket's text: the short description is the strongest signal, so it also gets its own features. */
export interface TicketText {
  readonly shortDescription: string;
  readonly description?: string;
}

/**
 * The features of a ticket: those of short description and description together, plus
 * the short description's words again under "s:" (a title match counts more).
 */
export function extractTicketFeatures(ticket: TicketText, options: TextFeatureOptions = {}): Map<string, number> {
  const counts = extractTextFeatures(`${ticket.shortDescription} ${ticket.description ?? ''}`, options);
  if (options.titleWords === false) return counts;
  for (const token of tokenize(ticket.shortDescription))
    if (!isStopword(token)) counts.set(`s:${token}`, (counts.get(`s:${token}`) ?? 0) + 1);
  return counts;
}

/**
 * The raw term counts of a ticket text: content words ("w:"), word bigrams ("b:"),
 * character n-grams inside each word ("c:", robust to typos, inflection and German
 * compounds) and bilingual concepts ("@"), so English and Spanish tickets about the
 * same thing share features. Text is normalised (lower case, no diacritics) first.
 */
export function extractTextFeatures(text: string, options: TextFeatureOptions = {}): Map<string, number> {
  const [minGram, maxGram] = options.charGrams === null ? [1, 0] : (options.charGrams ?? [3, 5]);
  const tokens = tokenize(text);
  const words = tokens.filter((token) => !isStopword(token));
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  for (const word of words) {
    add(`w:${word}`);
    const padded = ` ${word} `;
    for (let n = minGram; n <= maxGram; n += 1)
      for (let start = 0; start + n <= padded.length; start += 1) add(`c:${padded.slice(start, start + n)}`);
  }
  if (options.bigrams ?? true) for (let i = 0; i + 1 < words.length; i += 1) add(`b:${words[i]} ${words[i + 1]}`);
  if (options.concepts ?? true) {
    const { language } = detectLanguageOfTokens(text, tokens);
    for (const concept of extractConcepts(tokens, language)) add(`@${concept}`);
  }
  return counts;
}
