import { z } from 'zod';

/** One value a slot may take, with the words that name it (any language). */
export interface SlotValue {
  readonly value: string;
  /** Words and phrases naming the value, e.g. `['database', 'base de datos', 'bbdd']`. */
  readonly synonyms?: readonly string[];
}

/** A slot to fill from a message: a closed set of values, or a pattern for free values (ids, hosts). */
export interface SlotDefinition {
  readonly name: string;
  /** What the slot means, for a model. */
  readonly description: string;
  /** The allowed values; the answer must be one of them (or null). */
  readonly values?: readonly SlotValue[];
  /** For open slots: a regular expression whose first match is the value (case-insensitive). */
  readonly pattern?: string;
}

/** Fill named slots from a message (untrusted data). */
export interface ExtractRequest {
  readonly kind: 'extract';
  readonly text: string;
  readonly slots: readonly SlotDefinition[];
}

/** One filled (or unfilled) slot. */
export const SlotFillSchema = z.object({
  /** The allowed value found, or null when the message does not say. */
  value: z.string().min(1).nullable(),
  confidence: z.number().min(0).max(1),
  /** The words of the message that name the value, quoted exactly; null when unfilled. */
  evidence: z.string().nullable(),
});

/** The output schema of extract: one entry per requested slot. */
export const ExtractOutputSchema = z.object({
  slots: z.record(z.string(), SlotFillSchema),
});

/** A validated extraction. */
export type ExtractOutput = z.infer<typeof ExtractOutputSchema>;
/** One validated slot fill. */
export type SlotFill = z.infer<typeof SlotFillSchema>;
