import { extractConcepts } from '../shared/embeddings';
import { detectLanguageOfTokens } from '../shared/embeddings/detect-language';
import { isStopword, tokenize } from '../shared/embeddings/text-normalization';

/** Which feature families a text contributes; all on by default. */
export interface TextFeatureOptions {
  /** Word bigrams over the content words. @default true */
  readonly bigrams?: boolean;
  /** Shortest and longest character n-gram inside a word (padded by spaces); null for none. @default [3, 5] */
  readonly charGrams?: readonly [number, number] | null;
  /**
   * Where character n-grams are taken: inside each content word ('word'), or along the
   * content words joined by one space ('text'), so n-grams also span word boundaries
   * ("t lo" of "can not log"). @default 'word'
   */
  readonly charGramScope?: 'word' | 'text';
  /** Bilingual lexicon concepts ("@password" for "password" and "contraseña"). @default true */
  readonly concepts?: boolean;
  /** The short description's words again as their own features ("s:"). @default true */
  readonly titleWords?: boolean;
  /** The short description's word bigrams as their own features too ("s:" with a space). @default true */
  readonly titleBigrams?: boolean;
}

/**
 * The feature families' defaults. Title bigrams were added (with the character n-grams'
 * family weight 1 -> 1.4, DEFAULT_FAMILY_WEIGHTS) on 4-fold cross-validation inside the
 * training parts of seeds 1-6 (24 folds, test/eval/tag-classifier-tuning.ts --features):
 * accuracy 0.6856 against 0.6838 and macro-F1 0.3973 against 0.3937 at the same blend,
 * better on 18 and 17 of the 24 folds; character n-grams across word boundaries ('text')
 * and n-grams from 2 characters were no better there and cost more.
 */
export const DEFAULT_TEXT_FEATURE_OPTIONS = Object.freeze({
  bigrams: true,
  charGrams: [3, 5],
  charGramScope: 'word',
  concepts: true,
  titleWords: true,
  titleBigrams: true,
} as const satisfies TextFeatureOptions);

/** A ticket's text: the short description is the strongest signal, so it also gets its own features. */
export interface TicketText {
  readonly shortDescription: string;
  readonly description?: string;
}

/**
 * The features of a ticket: those of short description and description together, plus
 * the short description's words and word bigrams again under "s:" (a title match counts
 * more).
 */
export function extractTicketFeatures(ticket: TicketText, options: TextFeatureOptions = {}): Map<string, number> {
  const counts = extractTextFeatures(`${ticket.shortDescription} ${ticket.description ?? ''}`, options);
  if (!(options.titleWords ?? DEFAULT_TEXT_FEATURE_OPTIONS.titleWords)) return counts;
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  const words = tokenize(ticket.shortDescription).filter((token) => !isStopword(token));
  for (const word of words) add(`s:${word}`);
  if (options.titleBigrams ?? DEFAULT_TEXT_FEATURE_OPTIONS.titleBigrams)
    for (let i = 0; i + 1 < words.length; i += 1) add(`s:${words[i]} ${words[i + 1]}`);
  return counts;
}

/**
 * The raw term counts of a ticket text: content words ("w:"), word bigrams ("b:"),
 * character n-grams inside each word or along the words ("c:", robust to typos,
 * inflection and German compounds) and bilingual concepts ("@"), so English and Spanish
 * tickets about the same thing share features. Text is normalised (lower case, no
 * diacritics) first.
 */
export function extractTextFeatures(text: string, options: TextFeatureOptions = {}): Map<string, number> {
  const d = DEFAULT_TEXT_FEATURE_OPTIONS;
  const [minGram, maxGram] = options.charGrams === null ? [1, 0] : (options.charGrams ?? d.charGrams);
  const acrossWords = (options.charGramScope ?? d.charGramScope) === 'text';
  const tokens = tokenize(text);
  const words = tokens.filter((token) => !isStopword(token));
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  const addCharGrams = (padded: string) => {
    for (let n = minGram; n <= maxGram; n += 1)
      for (let start = 0; start + n <= padded.length; start += 1) add(`c:${padded.slice(start, start + n)}`);
  };
  for (const word of words) {
    add(`w:${word}`);
    if (!acrossWords) addCharGrams(` ${word} `);
  }
  if (acrossWords && words.length > 0) addCharGrams(` ${words.join(' ')} `);
  if (options.bigrams ?? d.bigrams) for (let i = 0; i + 1 < words.length; i += 1) add(`b:${words[i]} ${words[i + 1]}`);
  if (options.concepts ?? d.concepts) {
    const { language } = detectLanguageOfTokens(text, tokens);
    for (const concept of extractConcepts(tokens, language)) add(`@${concept}`);
  }
  return counts;
}
