import { z } from 'zod';
import { VALIDATION_VERDICTS } from '../../shared/db/change-validations';
import { PlanEntrySchema } from '../../smart-solver/policy';
import { EnrichmentResultSchema, EnrichmentUsageSchema } from '../../smart-solver/usage';
import { DispatchSchema, JobStatusSchema } from './common';

const jobFields = {
  id: z.string().describe('The job id.'),
  status: JobStatusSchema,
  statusUrl: z.string().describe('Where to read this job (GET).'),
  correlationId: z
    .string()
    .describe('The x-request-id of the call that created the job; it follows the work through every agent.'),
  sysUpdatedOn: z.string().describe('The record version the job works on (ISO-8601).'),
  sysModCount: z.number().int().nullable(),
  result: z.unknown().describe('The job’s outcome, once it has one; null before.'),
  error: z.string().nullable().describe('Why the job failed or was parked.'),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  note: z.string().optional().describe('Said when the job cannot progress, e.g. no worker is registered.'),
};

/** Fields only the POST reply carries. */
const deliveryFields = {
  created: z.boolean().describe('false when this call found the job an earlier delivery created (idempotency).'),
  dispatch: DispatchSchema.optional(),
};

/** One validation finding of a change. */
export const ValidationFindingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(['blocker', 'warning']),
  passed: z.boolean(),
  field: z.string().nullable(),
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});

/** A change validation job as GET returns it. */
export const ChangeValidationViewSchema = z.object({
  ...jobFields,
  changeSysId: z.string(),
  changeNumber: z.string(),
  verdict: z
    .enum(VALIDATION_VERDICTS)
    .nullable()
    .describe('pass, warn or fail once completed; review when parked for a person (needs_review).'),
  findings: z.array(ValidationFindingSchema),
});
export type ChangeValidationView = z.infer<typeof ChangeValidationViewSchema>;

/** The reply to `POST /v1/change-validations`. */
export const ChangeValidationDeliverySchema = ChangeValidationViewSchema.extend(deliveryFields);

/** An incident enrichment job as GET returns it. */
export const IncidentEnrichmentViewSchema = z.object({
  ...jobFields,
  incidentSysId: z.string(),
  incidentNumber: z.string(),
  plan: z
    .array(PlanEntrySchema)
    .nullable()
    .describe('The Smart Solver’s decision: one entry per agent, { agent, run, reason }, skipped agents included.'),
  result: EnrichmentResultSchema.nullable().describe(
    'The enrichment once ended: the plan, each agent’s status and output, notes on failures, the work note and the usage.',
  ),
  usage: EnrichmentUsageSchema.nullable().describe(
    'Model calls, tokens and estimated cost (per agent too), latency per agent, and the savings of the plan.',
  ),
});
export type IncidentEnrichmentView = z.infer<typeof IncidentEnrichmentViewSchema>;

/** The reply to `POST /v1/incident-enrichments`. */
export const IncidentEnrichmentDeliverySchema = IncidentEnrichmentViewSchema.extend(deliveryFields);
