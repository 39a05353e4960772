import { normalizeText } from '../embeddings/text-normalization';

/** A word of a text with where it sits in the original, so evidence can be quoted exactly. */
export interface TokenSpan {
  /** The normalised word (lower case, no diacritics), as `tokenize` gives it. */
  readonly token: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The words of a text with their offsets in the original string. */
export function tokenSpans(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    const token = normalizeText(match[0]);
    if (token.length > 0) spans.push({ token, start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

/** The original text covering words `from` to `to` (exclusive). */
export function quoteSpans(text: string, spans: readonly TokenSpan[], from: number, to: number): string {
  const first = spans[from];
  const last = spans[to - 1];
  return first === undefined || last === undefined ? '' : text.slice(first.start, last.end);
}

/** Splits a text into sentences (end punctuation or line breaks), trimmed, empty ones dropped. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}
