import { z } from 'zod';

/** A labelled historical incident the classifier learns from. */
export const LabelledIncidentSchema = z.object({
  shortDescription: z.string(),
  description: z.string().default(''),
  category: z.string().nullable().default(null),
  subcategory: z.string().nullable().default(null),
  assignmentGroup: z.string().nullable().default(null),
});
export type LabelledIncident = z.input<typeof LabelledIncidentSchema>;

/** The Tag Classifier's input: the incident text to tag. */
export const TagClassifierInputSchema = z.object({
  shortDescription: z.string().min(1),
  description: z.string().default(''),
});
export type TagClassifierInput = z.input<typeof TagClassifierInputSchema>;

/** A predicted value with its probability-like confidence (0..1). */
export const LabelGuessSchema = z.object({
  value: z.string(),
  confidence: z.number().min(0).max(1),
  /** The runners-up, so a technician (or the model) can pick another. */
  alternatives: z.array(z.object({ value: z.string(), confidence: z.number().min(0).max(1) })),
});
export type LabelGuess = z.infer<typeof LabelGuessSchema>;

/** The fields the classifier predicts. */
export const TAG_FIELDS = ['category', 'subcategory', 'assignmentGroup'] as const;
export type TagField = (typeof TAG_FIELDS)[number];

/** The Tag Classifier's output. */
export const TagClassifierOutputSchema = z.object({
  /** null when the history has no labels for the field. */
  category: LabelGuessSchema.nullable(),
  subcategory: LabelGuessSchema.nullable(),
  assignmentGroup: LabelGuessSchema.nullable(),
  /** Free tags: bilingual concepts of the text and of its nearest historical incidents. */
  tags: z.array(z.object({ tag: z.string(), confidence: z.number().min(0).max(1) })),
  /** The fields whose confidence is below the threshold: the ones worth asking a model about. */
  uncertainFields: z.array(z.enum(TAG_FIELDS)),
  /** Whether every predicted field reached the threshold (the solver then skips the model for tagging). */
  confident: z.boolean(),
  /** The confidence threshold applied. */
  threshold: z.number(),
  /** How many labelled incidents the classifier learnt from. */
  historySize: z.number().int(),
  basis: z.literal('history'),
});
export type TagClassifierOutput = z.infer<typeof TagClassifierOutputSchema>;
