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
});
export type IncidentAssociatorOutput = z.infer<typeof IncidentAssociatorOutputSchema>;
