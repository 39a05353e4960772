import type { Hono } from 'hono';
import {
  beginChangeValidation,
  type ChangeValidation,
  type ChangeValidationWithFindings,
  finishChangeValidation,
  getChangeValidationWithFindings,
  listValidationFindings,
  type ValidationFinding,
} from '../../shared/db/change-validations';
import { AppError } from '../../shared/errors';
import { readJsonBodyAndRaw } from '../body';
import type { AppContext, AppEnv } from '../context';
import { ROUTES } from '../contract';
import type { DispatchOutcome } from '../jobs/dispatcher';
import { handOver, stalledNote } from '../jobs/hand-over';
import { isTerminal, waitForJob } from '../jobs/wait';
import { notFound, readIdempotencyKey, readIdParam, readQuery, urlFor } from '../request';
import { WaitQuerySchema } from '../schemas/common';
import type { ChangeValidationView } from '../schemas/jobs';
import { ChangeRequestRecordSchema } from '../schemas/records';
import { addRoute, type RouteDependencies, type RouteGuard } from './guard';

const KIND = 'change-validation';

/** POST /v1/change-validations and GET /v1/change-validations/{id}. */
export function addChangeValidationRoutes(app: Hono<AppEnv>, deps: RouteDependencies, guard: RouteGuard): void {
  // A job read with its findings carries them; one taken from the delivery reads them now.
  const view = async (
    c: AppContext,
    job: ChangeValidation & { readonly findings?: ValidationFinding[] },
  ): Promise<ChangeValidationView> => {
    const note = stalledNote(deps.dispatcher, KIND, job.status);
    return {
      id: job.id,
      status: job.status,
      statusUrl: urlFor(c, `/v1/change-validations/${job.id}`),
      correlationId: job.correlationId,
      changeSysId: job.changeSysId,
      changeNumber: job.changeNumber,
      sysUpdatedOn: job.sysUpdatedOn,
      sysModCount: job.sysModCount,
      verdict: job.verdict,
      findings: job.findings ?? (await listValidationFindings(deps.db, job.id)),
      result: job.result,
      error: job.error,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      completedAt: job.completedAt,
      ...(note === undefined ? {} : { note }),
    };
  };

  addRoute(app, ROUTES.createChangeValidation, guard, async (c) => {
    const { wait = 0 } = readQuery(c, WaitQuerySchema);
    const idempotencyKey = readIdempotencyKey(c);
    const { data: record, raw } = await readJsonBodyAndRaw(c, ChangeRequestRecordSchema);
    const requestId = c.get('requestId');
    const { validation, created } = await beginChangeValidation(deps.db, {
      changeSysId: record.sys_id,
      changeNumber: record.number,
      sysUpdatedOn: record.sys_updated_on,
      sysModCount: record.sys_mod_count ?? null,
      idempotencyKey,
      correlationId: requestId,
      request: raw,
    });
    if (idempotencyKey !== null && validation.changeSysId !== record.sys_id) {
      throw new AppError(
        'CONFLICT',
        `Idempotency-Key '${idempotencyKey}' was already used for change ${validation.changeNumber}; use a new key per record version.`,
        { details: { jobId: validation.id } },
      );
    }
    let dispatch: DispatchOutcome | undefined;
    if (created) {
      dispatch = await handOver(
        deps.dispatcher,
        { kind: KIND, jobId: validation.id, correlationId: validation.correlationId, record: raw },
        async (reason) => {
          await finishChangeValidation(deps.db, validation.id, { status: 'failed', error: reason });
        },
        c.get('log'),
      );
    }
    // With an in-process completion signal (local) the wait ends with it, and answers with
    // the ended job it carries (as the ending statement wrote it) without reading it back;
    // without one, read now: a fast worker may already be done.
    const settled = created ? deps.dispatcher.settled?.(KIND, validation.id) : undefined;
    let ended: ChangeValidationWithFindings | undefined;
    const signal = settled?.then((value) => {
      if (isEndedValidation(value) && value.id === validation.id && isTerminal(value.status)) ended = value;
    });
    const read = async (): Promise<ChangeValidation & { readonly findings?: ValidationFinding[] }> =>
      ended ?? (await getChangeValidationWithFindings(deps.db, validation.id)) ?? validation;
    const first = created && settled === undefined ? await read() : validation;
    const job = await waitForJob(read, first, wait, c.req.raw.signal, signal);
    c.get('log').info('change validation delivery', { jobId: job.id, created, status: job.status, dispatch });
    c.header('Location', urlFor(c, `/v1/change-validations/${job.id}`));
    if (!created) c.header('Idempotent-Replayed', 'true');
    return c.json(
      { ...(await view(c, job)), created, ...(dispatch === undefined ? {} : { dispatch }) },
      isTerminal(job.status) ? 200 : 202,
    );
  });

  addRoute(app, ROUTES.getChangeValidation, guard, async (c) => {
    const id = readIdParam(c, 'change validation');
    const job = await getChangeValidationWithFindings(deps.db, id);
    if (job === null) throw notFound('change validation', id);
    return c.json(await view(c, job), 200);
  });
}

// What the local completion signal settles with when the job ended in this process.
function isEndedValidation(value: unknown): value is ChangeValidationWithFindings {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    'status' in value &&
    'changeSysId' in value &&
    Array.isArray((value as { findings?: unknown }).findings)
  );
}
