import { extractConcepts } from '../shared/embeddings/bilingual-lexicon';
import { extractOffline } from '../shared/inference/offline-extract';
import type { ExtractOutput, SlotDefinition, SlotValue } from '../shared/inference/operations/extract';
import { tokenSpans } from '../shared/inference/text-spans';
import { SLOT_ORDER, type SlotName } from './lexicon';

/**
 * Where in a message each slot value is named, by the gazetteer, and which mention a
 * slot keeps when phrases overlap.
 */

type Span = readonly [number, number];

/** One value of a slot named in a text, with where its evidence is. */
export interface Mention {
  readonly value: string;
  readonly span: Span;
}

/**
 * Every value of `slot` the text names (each at its first mention), by the offline
 * gazetteer; with `only`, among those values alone.
 */
export function mentionsOf(text: string, slot: SlotDefinition, only?: (value: PreparedValue) => boolean): Mention[] {
  const mentions: Mention[] = [];
  const words = wordsOf(text);
  for (const prepared of prepare(slot)) {
    if (!prepared.mayBeIn(words) || (only !== undefined && !only(prepared))) continue;
    const value = prepared.value;
    const fill = extractOffline({ kind: 'extract', text, slots: [{ ...slot, values: [value] }] }).slots[slot.name];
    const span = fill?.value == null ? null : spanOf(fill.evidence, text);
    if (span !== null) mentions.push({ value: value.value, span });
  }
  return mentions;
}

/**
 * The slots with only the values `text` can name (every word of one of their names, or
 * all its lexicon concepts, is in it): what the offline gazetteer would find among all
 * of them, found without matching every name.
 */
export function candidateSlots(text: string, slots: readonly SlotDefinition[]): SlotDefinition[] {
  const words = wordsOf(text);
  return slots.map((slot) =>
    slot.values === undefined
      ? slot
      : {
          ...slot,
          values: prepare(slot)
            .filter((v) => v.mayBeIn(words))
            .map((v) => v.value),
        },
  );
}

/**
 * The families a text names ("the TLS certificate on the VPN gateway" names security and
 * network), in the catalogue's order; a mention inside a longer one of another family
 * does not count.
 */
export function familiesMentioned(text: string, familySlot: SlotDefinition): string[] {
  const mentions = mentionsOf(text, familySlot);
  return mentions.filter((m) => !mentions.some((o) => within(m.span, o.span))).map((m) => m.value);
}

/**
 * The slots a message fills, one phrase naming one slot: "dr test" is an objective, not
 * also the test environment. Slots are accepted in priority order (the one just asked
 * for first); a fill whose evidence overlaps an accepted one is looked for again,
 * offline, in the message with the accepted evidence blanked ("dr test in production"
 * → production). With `offline` (the gazetteer filled the slots), the longest phrase
 * wins: a value named inside a longer phrase of another value of the same slot gives
 * way to it ("actualización de datos" is a data update, not an upgrade).
 */
export function resolveMentions(
  text: string,
  extracted: ExtractOutput,
  definitions: readonly SlotDefinition[],
  asked: SlotName | undefined,
  offline: boolean,
): Partial<Record<SlotName, string>> {
  const order = asked === undefined ? SLOT_ORDER : [asked, ...SLOT_ORDER.filter((n) => n !== asked)];
  const taken: Span[] = [];
  const found: Partial<Record<SlotName, string>> = {};
  const overlaps = (span: Span | null) => span !== null && taken.some(([from, to]) => span[0] < to && from < span[1]);
  for (const name of order) {
    const definition = definitions.find((d) => d.name === name);
    let fill = extracted.slots[name];
    if (definition === undefined || fill === undefined || fill.value === null) continue;
    let value = fill.value;
    let span = spanOf(fill.evidence, text);
    if (overlaps(span)) {
      const blanked = taken.reduce((t, [from, to]) => t.slice(0, from) + ' '.repeat(to - from) + t.slice(to), text);
      fill = extractOffline({ kind: 'extract', text: blanked, slots: [definition] }).slots[name];
      if (fill === undefined || fill.value === null || overlaps(spanOf(fill.evidence, blanked))) continue;
      value = fill.value;
      span = spanOf(fill.evidence, blanked);
    }
    if (offline && span !== null) {
      const held = span;
      const said = tokenSpans(text.slice(held[0], held[1])).map((t) => t.token);
      const longer = mentionsOf(text, definition, (v) => v.value.value !== value && v.contains(said)).find(
        (m) => within(held, m.span) && !overlaps(m.span),
      );
      if (longer !== undefined) [value, span] = [longer.value, longer.span];
    }
    found[name] = value;
    if (span !== null) taken.push(span);
  }
  return found;
}

/** A slot value with its names' words and concepts, to rule it out of a text cheaply. */
export interface PreparedValue {
  readonly value: SlotValue;
  /** False when the text cannot name the value: neither all words of a name nor all its concepts are in it. */
  mayBeIn(words: TextWords): boolean;
  /** True when one of its names is longer than `phrase` and holds its words in order. */
  contains(phrase: readonly string[]): boolean;
}

/** A text's words (stemmed) and the concepts the bilingual lexicon reads in it, either language. */
export interface TextWords {
  readonly stems: ReadonlySet<string>;
  readonly concepts: ReadonlySet<string>;
}

// The gazetteer is built once per catalogue version, so its definitions are prepared once.
const PREPARED = new WeakMap<SlotDefinition, PreparedValue[]>();

function prepare(slot: SlotDefinition): PreparedValue[] {
  const known = PREPARED.get(slot);
  if (known !== undefined) return known;
  const prepared = (slot.values ?? []).map((value): PreparedValue => {
    const names = [value.value, ...(value.synonyms ?? [])].map((n) => tokenSpans(n).map((t) => t.token));
    const concepts = names.map((tokens) => bothLanguages(tokens));
    return {
      value,
      mayBeIn: (words) =>
        names.some((tokens) => tokens.length > 0 && tokens.every((t) => words.stems.has(stem(t)))) ||
        concepts.some((c) => c.length > 0 && c.every((concept) => words.concepts.has(concept))),
      contains: (phrase) =>
        names.some(
          (tokens) =>
            tokens.length > phrase.length &&
            tokens.some((_, at) => phrase.every((word, k) => stem(tokens[at + k] ?? '') === stem(word))),
        ),
    };
  });
  PREPARED.set(slot, prepared);
  return prepared;
}

function wordsOf(text: string): TextWords {
  const tokens = tokenSpans(text).map((t) => t.token);
  return { stems: new Set(tokens.map(stem)), concepts: new Set(bothLanguages(tokens)) };
}

function bothLanguages(tokens: readonly string[]): string[] {
  return [...extractConcepts(tokens, 'en'), ...extractConcepts(tokens, 'es')];
}

// As the gazetteer compares words: plurals match singulars.
function stem(word: string): string {
  return word.length > 4 && word.endsWith('es')
    ? word.slice(0, -2)
    : word.length > 3 && word.endsWith('s')
      ? word.slice(0, -1)
      : word;
}

function spanOf(evidence: string | null | undefined, text: string): Span | null {
  if (evidence == null) return null;
  const at = text.indexOf(evidence);
  return at < 0 ? null : [at, at + evidence.length];
}

// Strictly inside: `inner` lies in `outer`, and `outer` is longer.
function within(inner: Span, outer: Span): boolean {
  return outer[0] <= inner[0] && inner[1] <= outer[1] && outer[1] - outer[0] > inner[1] - inner[0];
}
