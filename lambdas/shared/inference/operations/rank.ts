import { z } from 'zod';

/** A candidate to rank against the query. */
export interface RankCandidate {
  readonly id: string;
  readonly text: string;
}

/** Order candidates by how well they answer the query (untrusted data on both sides). */
export interface RankRequest {
  readonly kind: 'rank';
  readonly query: string;
  readonly candidates: readonly RankCandidate[];
  /** How many to return. @default all */
  readonly top?: number;
}

/** The output schema of rank: best first. */
export const RankOutputSchema = z.object({
  ranking: z.array(
    z.object({
      id: z.string().min(1),
      score: z.number().min(0).max(1),
      reason: z.string(),
    }),
  ),
});

/** A validated ranking. */
export type RankOutput = z.infer<typeof RankOutputSchema>;
