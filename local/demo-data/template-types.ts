/**
 * The shapes of the demo texts. Templates hold `{slot}` placeholders that the
 * generators fill; the English and Spanish sets are written separately, not translated
 * word for word, as each team writes its own tickets.
 */

/** What a change of one model says, in one language. */
export interface ChangeText {
  /** Short descriptions; one is picked. */
  readonly short: readonly string[];
  /** Descriptions; one is picked. */
  readonly description: readonly string[];
  readonly justification: readonly string[];
  readonly implementation: string;
  readonly backout: string;
  readonly test: string;
  readonly risk: string;
}

/** What an incident of one scenario says, in one language. */
export interface IncidentText {
  /** Short descriptions; one is picked. */
  readonly short: readonly string[];
  /** Descriptions; one is picked. */
  readonly description: readonly string[];
  /** Resolution notes; one is picked when the incident is resolved. */
  readonly resolution: readonly string[];
}
