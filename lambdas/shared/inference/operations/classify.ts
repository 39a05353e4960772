import { z } from 'zod';

/** One labelled example the classifier may vote with. */
export interface ClassifyExample {
  readonly text: string;
  readonly label: string;
}

/** Classify a text into one of the allowed labels, given labelled examples. */
export interface ClassifyRequest {
  readonly kind: 'classify';
  readonly text: string;
  readonly labels: readonly string[];
  readonly examples: readonly ClassifyExample[];
}

/** The output schema of classify; the label is checked against the allowed labels by the runner. */
export const ClassifyOutputSchema = z.object({
  label: z.string().min(1),
  confidence: z.number().min(0).max(1),
  rationale: z.string(),
});

/** A validated classification. */
export type ClassifyOutput = z.infer<typeof ClassifyOutputSchema>;
