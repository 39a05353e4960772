import { z } from 'zod';

/** Summarise a text (untrusted data) in a few sentences. */
export interface SummariseRequest {
  readonly kind: 'summarise';
  readonly text: string;
  /** At most this many sentences. @default 3 */
  readonly maxSentences?: number;
  /** At most this many characters. @default 600 */
  readonly maxChars?: number;
}

/** The output schema of summarise. */
export const SummariseOutputSchema = z.object({
  summary: z.string().min(1),
  /** How much of the source the summary covers, 0–1 (offline: share of the content words kept). */
  confidence: z.number().min(0).max(1),
});

/** A validated summary. */
export type SummariseOutput = z.infer<typeof SummariseOutputSchema>;

/** The defaults of a summarise request. */
export const SUMMARY_DEFAULTS = { maxSentences: 3, maxChars: 600 } as const;
