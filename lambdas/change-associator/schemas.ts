import { z } from 'zod';

/** The Change Associator's input: the incident to explain. */
export const ChangeAssociatorInputSchema = z.object({
  incidentSysId: z.string().min(1),
  /** The affected CI (cmdb_ci); without one there is nothing to associate. */
  cmdbCi: z.string().min(1),
  /** ISO-8601: when the incident was opened. */
  openedAt: z.string().datetime({ offset: true }),
  shortDescription: z.string().default(''),
  /** How far back a change counts. @default 72 */
  windowHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(72),
  /** Candidates returned at most. @default 5 */
  limit: z.number().int().min(1).max(50).default(5),
});
export type ChangeAssociatorInput = z.input<typeof ChangeAssociatorInputSchema>;

/** A change ranked as a likely cause, with the reasons for its rank. */
export const LikelyCauseSchema = z.object({
  sysId: z.string(),
  number: z.string(),
  shortDescription: z.string(),
  state: z.string(),
  /** The CI the change was made on. */
  cmdbCi: z.string().nullable(),
  /** How the change's CI relates to the incident's: the same CI, or a CMDB relationship. */
  relation: z.enum(['same_ci', 'related_ci']),
  /** When the change was implemented (end date, else start date), ISO-8601. */
  implementedAt: z.string().nullable(),
  /** Hours between the change and the incident being opened. */
  hoursBeforeIncident: z.number().nullable(),
  /** 0..1: higher is more likely the cause. */
  score: z.number().min(0).max(1),
  reasons: z.array(z.string()),
});
export type LikelyCause = z.infer<typeof LikelyCauseSchema>;

/** The Change Associator's output. */
export const ChangeAssociatorOutputSchema = z.object({
  windowHours: z.number(),
  /** How many changes were looked at (same CI and related CIs in the window). */
  considered: z.number().int(),
  likelyCauses: z.array(LikelyCauseSchema),
  /** The model's order of the causes by their text (only when asked); the deterministic rank stands. */
  modelRanking: z.array(z.object({ number: z.string(), score: z.number(), reason: z.string() })).optional(),
});
export type ChangeAssociatorOutput = z.infer<typeof ChangeAssociatorOutputSchema>;
