import { z } from 'zod';

/** The Incident Similarity agent's input. */
export const IncidentSimilarityInputSchema = z.object({
  /** The incident itself, left out of its own neighbours. */
  incidentSysId: z.string().min(1),
  shortDescription: z.string().min(1),
  description: z.string().default(''),
  /** Neighbours returned at most. @default 5 */
  limit: z.number().int().min(1).max(50).default(5),
  /** How many of the best matches carry their close notes. @default 3 */
  withResolution: z.number().int().min(0).max(10).default(3),
});
export type IncidentSimilarityInput = z.input<typeof IncidentSimilarityInputSchema>;

/** A similar historical incident, and how it was resolved for the best matches. */
export const SimilarIncidentSchema = z.object({
  sysId: z.string(),
  number: z.string().nullable(),
  shortDescription: z.string(),
  /** 1 − cosine distance of the two incidents' embeddings. */
  score: z.number(),
  resolution: z
    .object({
      closeCode: z.string().nullable(),
      closeNotes: z.string().nullable(),
      assignmentGroup: z.string().nullable(),
    })
    .nullable(),
});
export type SimilarIncident = z.infer<typeof SimilarIncidentSchema>;

/** The Incident Similarity agent's output. */
export const IncidentSimilarityOutputSchema = z.object({
  similar: z.array(SimilarIncidentSchema),
  /** How the best matches were fixed, in a sentence or two (the model; only when asked). */
  resolutionSummary: z.string().optional(),
});
export type IncidentSimilarityOutput = z.infer<typeof IncidentSimilarityOutputSchema>;
