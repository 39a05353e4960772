import { z } from 'zod';
import { ConfigurationItemSchema } from '../shared/records';

/** The Context Retriever's input. */
export const ContextRetrieverInputSchema = z.object({
  cmdbCi: z.string().min(1),
  /** ISO-8601: recent history is counted back from here. */
  asOf: z.string().datetime({ offset: true }),
  /** How far back "recent" goes, in days. @default 30 */
  historyDays: z.number().int().min(1).max(365).default(30),
  /** Items of each history list at most. @default 5 */
  limit: z.number().int().min(1).max(50).default(5),
});
export type ContextRetrieverInput = z.input<typeof ContextRetrieverInputSchema>;

/** A CI related to the incident's, and how. */
export const RelatedCiSchema = z.object({
  sysId: z.string(),
  name: z.string().nullable(),
  className: z.string().nullable(),
  /** "Runs on::Runs" … as ServiceNow names it. */
  relationshipType: z.string(),
  /** Whether the incident's CI is the parent (it depends on / runs on this one) or the child. */
  direction: z.enum(['parent_of', 'child_of']),
});

/** The Context Retriever's output: null `ci` when the CI is not in the CMDB copy. */
export const ContextRetrieverOutputSchema = z.object({
  ci: ConfigurationItemSchema.nullable(),
  supportGroup: z.string().nullable(),
  relatedCis: z.array(RelatedCiSchema),
  recentIncidents: z.array(
    z.object({ number: z.string(), shortDescription: z.string(), state: z.string(), openedAt: z.string() }),
  ),
  recentChanges: z.array(
    z.object({ number: z.string(), shortDescription: z.string(), state: z.string(), startDate: z.string().nullable() }),
  ),
  /** The context in a few sentences (the model; only when asked). */
  summary: z.string().optional(),
});
export type ContextRetrieverOutput = z.infer<typeof ContextRetrieverOutputSchema>;
