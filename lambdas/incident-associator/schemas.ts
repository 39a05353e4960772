import { z } from 'zod';

/** An open incident that is probably the same event, with the reasons. */
export const RelatedOpenIncidentSchema = z.object({
  sysId: z.string(),
  number: z.string(),
  shortDescription: z.string(),
  /** 0..1: how likely it is the same event. */
  score: z.number().min(0).max(1),
  /** Text similarity to the incident (cosine, 0..1). */
  similarity: z.number(),
  sameCi: z.boolean(),
  sameService: z.boolean(),
  /** Hours between the two incidents being opened. */
  hoursApart: z.number(),
  reasons: z.array(z.string()),
});
export type RelatedOpenIncident = z.infer<typeof RelatedOpenIncidentSchema>;

/** The Incident Associator's output. */
export const IncidentAssociatorOutputSchema = z.object({
  windowHours: z.number(),
  /** The incidents scoring at least the threshold, best first. */
  sameEvent: z.array(RelatedOpenIncidentSchema),
  /** Whether enough incidents share the event to propose a parent / major incident. */
  majorIncidentCandidate: z.boolean(),
  reason: z.string(),
  /** The model's check of the best candidate (only when asked): same event or not. */
  modelCheck: z
    .object({ number: z.string(), verdict: z.enum(['pass', 'fail', 'unknown']), confidence: z.number() })
    .optional(),
});
export type IncidentAssociatorOutput = z.infer<typeof IncidentAssociatorOutputSchema>;

/** The Incident Associator's input: the incident to place in a wider event. */
export const IncidentAssociatorInputSchema = z.object({
  incidentSysId: z.string().min(1),
  shortDescription: z.string().min(1),
  description: z.string().default(''),
  cmdbCi: z.string().nullable().default(null),
  businessService: z.string().nullable().default(null),
  /** ISO-8601: when the incident was opened. */
  openedAt: z.string().datetime({ offset: true }),
  /** How far apart two incidents can be opened and still be one event, in hours. @default 4 */
  windowHours: z.number().positive().max(72).default(4),
  /** Minimum score to count as the same event. @default 0.5 */
  threshold: z.number().min(0).max(1).default(0.5),
});
export type IncidentAssociatorInput = z.input<typeof IncidentAssociatorInputSchema>;
