/**
 * PII redaction, applied to every free-text field before the text is stored in the
 * curated bucket, embedded, or shown to a model: e-mail addresses, phone numbers
 * (international `+34 612 34 56 78`, `0034…`, Spanish 9-digit `612345678` /
 * `91 123 45 67`, North American `(555) 123-4567`) and the names of the people a
 * record names in its person fields (caller, opened by, assigned to…).
 */

/** What replaces each kind of PII. */
export const REDACTED = { email: '[email]', phone: '[phone]', person: '[person]' } as const;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[\p{L}]{2,}/gu;
// A run of digits with phone separators; whether it is a phone is decided by its digits.
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}.+/:-])(?:\+|\b00)?\(?\d[\d ().-]{6,20}\d(?![\p{L}\p{N}]|[.:/-]\d)/gu;
const DATE = /\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/;
const IP_ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Redacts e-mail addresses, phone numbers and the given people's names from a text. */
export function redactPii(text: string, people: readonly string[] = []): string {
  if (text === '') return text;
  let out = text.replace(EMAIL, REDACTED.email);
  out = out.replace(PHONE_CANDIDATE, (candidate) => (isPhoneNumber(candidate) ? REDACTED.phone : candidate));
  return redactNames(out, people);
}

/** Whether a digit run is a phone number rather than a date, an IP address or a count. */
export function isPhoneNumber(candidate: string): boolean {
  const trimmed = candidate.trim();
  if (DATE.test(trimmed) || IP_ADDRESS.test(trimmed)) return false;
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+') || trimmed.startsWith('00')) return digits.length >= 9 && digits.length <= 15;
  // Spanish numbers have nine digits and start 6, 7 (mobile), 8 or 9 (landline).
  if (digits.length === 9) return /^[6-9]/.test(digits);
  // North American numbers: ten digits written with separators.
  return digits.length === 10 && /[ ().-]/.test(trimmed);
}

/**
 * Replaces each person's full name (any case) and, for multi-word names, each
 * capitalised part of four letters or more (a surname on its own, "Sr. Etxeberria").
 */
export function redactNames(text: string, people: readonly string[]): string {
  let out = text;
  const names = [...new Set(people.map((p) => p.trim()).filter((p) => p.length >= 3))].sort(
    (a, b) => b.length - a.length,
  );
  for (const name of names) {
    out = out.replace(wordPattern(name, 'giu'), REDACTED.person);
  }
  for (const name of names) {
    const parts = name.split(/\s+/);
    if (parts.length < 2) continue;
    for (const part of parts) {
      if (part.length >= 4 && /^\p{Lu}/u.test(part)) out = out.replace(wordPattern(part, 'gu'), REDACTED.person);
    }
  }
  return out;
}

function wordPattern(words: string, flags: string): RegExp {
  const escaped = words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, flags);
}
