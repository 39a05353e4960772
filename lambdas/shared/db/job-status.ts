/**
 * The life of a job row (change validation, incident enrichment): accepted when the
 * delivery is taken, running while agents work, then one terminal status a person can
 * see. Mirrors the CHECK constraints of migration 004.
 */
export const JOB_STATUSES = ['accepted', 'running', 'completed', 'failed', 'parked'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses after which a job row never changes again. */
export const TERMINAL_JOB_STATUSES = ['completed', 'failed', 'parked'] as const satisfies readonly JobStatus[];
export type TerminalJobStatus = (typeof TERMINAL_JOB_STATUSES)[number];

/** SQL list of the non-terminal statuses, for "only if not finished yet" updates. */
export const OPEN_JOB_STATUSES_SQL = `('accepted', 'running')`;
