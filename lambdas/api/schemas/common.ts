import { z } from 'zod';
import { JOB_STATUSES } from '../../shared/db/job-status';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors';

/** The one error body every non-2xx reply carries. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
      message: z.string().describe('What went wrong and what to do about it.'),
      details: z.unknown().optional().describe('For 422: [{ path, message }] naming each failing field.'),
      requestId: z.string().describe('The x-request-id of this call; quote it when reporting a problem.'),
    }),
  })
  .describe('The error shape of every failure.');

/** The longest `?wait` a caller may ask for, in seconds (API Gateway's integration limit is 30 s). */
export const MAX_WAIT_SECONDS = 25;

/** `?wait=<seconds>` on the POST routes: hold the answer until the work is finished, at most this long. */
export const WaitQuerySchema = z.object({
  wait: z
    .string()
    .regex(/^\d{1,2}$/, `expected whole seconds from 0 to ${MAX_WAIT_SECONDS}`)
    .transform(Number)
    .pipe(z.number().int().min(0).max(MAX_WAIT_SECONDS))
    .optional()
    .describe(`Seconds (0–${MAX_WAIT_SECONDS}) to hold the answer until the work has finished.`),
});

/** An `Idempotency-Key` header: printable ASCII, 1–255 characters. */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[!-~]{1,255}$/, 'expected 1–255 printable ASCII characters without spaces');

/** A path `{id}` that names a job or session. */
export const UuidParamsSchema = z.object({ id: z.string().describe('The id returned when it was created.') });

/** Where a job is in its life: accepted (queued for a worker), running, then one terminal status. */
export const JobStatusSchema = z
  .enum(JOB_STATUSES)
  .describe('accepted: taken and queued for its worker; running; then completed, failed or parked (for a person).');

/** Whether this call handed the job to a worker. */
export const DispatchSchema = z
  .object({
    dispatched: z.boolean(),
    reference: z.string().optional().describe('The worker’s reference, e.g. the Step Functions execution.'),
    reason: z.string().optional().describe('Why the job was not handed to a worker.'),
  })
  .describe('Present on the call that created the job.');

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
