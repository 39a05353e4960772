import { extractOffline } from '../shared/inference/offline-extract';
import type { ExtractOutput, SlotDefinition } from '../shared/inference/operations/extract';
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

/** Every value of `slot` the text names (each at its first mention), by the offline gazetteer. */
export function mentionsOf(text: string, slot: SlotDefinition): Mention[] {
  const mentions: Mention[] = [];
  for (const value of slot.values ?? []) {
    const fill = extractOffline({ kind: 'extract', text, slots: [{ ...slot, values: [value] }] }).slots[slot.name];
    const span = fill?.value == null ? null : spanOf(fill.evidence, text);
    if (span !== null) mentions.push({ value: value.value, span });
  }
  return mentions;
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
      const longer = mentionsOf(text, definition).find((m) => within(held, m.span) && !overlaps(m.span));
      if (longer !== undefined) [value, span] = [longer.value, longer.span];
    }
    found[name] = value;
    if (span !== null) taken.push(span);
  }
  return found;
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
