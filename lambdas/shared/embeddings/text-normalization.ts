/**
 * Text normalisation shared by the offline embedder, the bilingual lexicon and the
 * language detector, so all three see the same tokens for English and Spanish text.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** Lower-cases and strips diacritics (NFKD), so "Contraseña" and "contrasena" are one word. */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** Splits normalised text into words: runs of letters and digits. */
export function tokenize(text: string): string[] {
  return normalizeText(text)
    .split(NON_WORD)
    .filter((token) => token.length > 0);
}

// Function words that say nothing about a ticket's topic, written without diacritics
// because they are compared with normalised tokens.
const ENGLISH_STOPWORD_LIST = `
  a about after again all also am an and any are as at be been before being both but by can could did
  do does done each for from had has have he her here him his how i if in into is it its just may me
  might more most must my no not of on onto or other our out own please same she should so some such
  than that the their them then there these they this those to too us very was we were what when where
  which while who why will with would you your
`;

const SPANISH_STOPWORD_LIST = `
  a al algo algun alguna ante antes asi aun bajo cada como con contra cual cuando de del desde donde
  durante e el ella ellas ellos en entre era es esa ese eso esta estaba estan estas este esto estos
  favor fue fueron ha han hay hasta la las le les lo los mas me mi muy nada ni no nos nuestro o otra
  otro para pero por porque que se segun ser si sin sobre son su sus tambien tiene tienen todo todos
  tras u un una unas uno unos y ya yo
`;

/** English function words, normalised. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(splitWords(ENGLISH_STOPWORD_LIST));

/** Spanish function words, normalised (so "más" is "mas"). */
export const SPANISH_STOPWORDS: ReadonlySet<string> = new Set(splitWords(SPANISH_STOPWORD_LIST));

/** Whether a normalised token is a function word in English or Spanish. */
export function isStopword(token: string): boolean {
  return ENGLISH_STOPWORDS.has(token) || SPANISH_STOPWORDS.has(token);
}

function splitWords(list: string): string[] {
  return list.split(/\s+/).filter((word) => word.length > 0);
}
