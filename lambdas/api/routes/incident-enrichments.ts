import type { Hono } from 'hono';
import {
  beginIncidentEnrichment,
  finishIncidentEnrichment,
  getIncidentEnrichment,
  type IncidentEnrichment,
} from '../../shared/db/incident-enrichments';
import { AppError } from '../../shared/errors';
import { readJsonBodyAndRaw } from '../body';
import type { AppContext, AppEnv } from '../context';
import { ROUTES } from '../contract';
import type { DispatchOutcome } from '../jobs/dispatcher';
import { handOver, stalledNote } from '../jobs/hand-over';
import { isTerminal, waitForJob } from '../jobs/wait';
import { notFound, readIdempotencyKey, readIdParam, readQuery, urlFor } from '../request';
import { WaitQuerySchema } from '../schemas/common';
import type { IncidentEnrichmentView } from '../schemas/jobs';
import { IncidentRecordSchema } from '../schemas/records';
import { addRoute, type RouteDependencies, type RouteGuard } from './guard';

const KIND = 'incident-enrichment';

/** POST /v1/incident-enrichments and GET /v1/incident-enrichments/{id}. */
export function addIncidentEnrichmentRoutes(app: Hono<AppEnv>, deps: RouteDependencies, guard: RouteGuard): void {
  const view = (c: AppContext, job: IncidentEnrichment): IncidentEnrichmentView => {
    const note = stalledNote(deps.dispatcher, KIND, job.status);
    return {
      id: job.id,
      status: job.status,
      statusUrl: urlFor(c, `/v1/incident-enrichments/${job.id}`),
      correlationId: job.correlationId,
      incidentSysId: job.incidentSysId,
      incidentNumber: job.incidentNumber,
      sysUpdatedOn: job.sysUpdatedOn,
      sysModCount: job.sysModCount,
      // The stored JSON was written from these schemas by the Smart Solver.
      plan: job.plan as IncidentEnrichmentView['plan'],
      result: job.result as IncidentEnrichmentView['result'],
      usage: job.usage as IncidentEnrichmentView['usage'],
      error: job.error,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      completedAt: job.completedAt,
      ...(note === undefined ? {} : { note }),
    };
  };

  addRoute(app, ROUTES.createIncidentEnrichment, guard, async (c) => {
    const { wait = 0 } = readQuery(c, WaitQuerySchema);
    const idempotencyKey = readIdempotencyKey(c);
    const { data: record, raw } = await readJsonBodyAndRaw(c, IncidentRecordSchema);
    const requestId = c.get('requestId');
    const { enrichment, created } = await beginIncidentEnrichment(deps.db, {
      incidentSysId: record.sys_id,
      incidentNumber: record.number,
      sysUpdatedOn: record.sys_updated_on,
      sysModCount: record.sys_mod_count ?? null,
      idempotencyKey,
      correlationId: requestId,
      request: raw,
    });
    if (idempotencyKey !== null && enrichment.incidentSysId !== record.sys_id) {
      throw new AppError(
        'CONFLICT',
        `Idempotency-Key '${idempotencyKey}' was already used for incident ${enrichment.incidentNumber}; use a new key per record version.`,
        { details: { jobId: enrichment.id } },
      );
    }
    let dispatch: DispatchOutcome | undefined;
    if (created) {
      dispatch = await handOver(
        deps.dispatcher,
        { kind: KIND, jobId: enrichment.id, correlationId: enrichment.correlationId, record: raw },
        async (reason) => {
          await finishIncidentEnrichment(deps.db, enrichment.id, { status: 'failed', error: reason });
        },
        c.get('log'),
      );
    }
    // Locally the worker settles with the ended job: ?wait answers with it, without re-reading the row.
    const settled = created ? deps.dispatcher.settled?.(KIND, enrichment.id) : undefined;
    let ended: IncidentEnrichment | undefined;
    const signal = settled?.then((value) => {
      if (isEnrichment(value) && value.id === enrichment.id && isTerminal(value.status)) ended = value;
    });
    const read = async () => ended ?? (await getIncidentEnrichment(deps.db, enrichment.id)) ?? enrichment;
    let job: IncidentEnrichment;
    if (signal !== undefined && wait > 0) {
      // In-process work: wait for its end (or the deadline) without polling the row.
      await untilSettled(signal, wait, c.req.raw.signal);
      job = await read();
    } else job = await waitForJob(read, created ? await read() : enrichment, wait, c.req.raw.signal);
    c.get('log').info('incident enrichment delivery', { jobId: job.id, created, status: job.status, dispatch });
    c.header('Location', urlFor(c, `/v1/incident-enrichments/${job.id}`));
    if (!created) c.header('Idempotent-Replayed', 'true');
    return c.json(
      { ...view(c, job), created, ...(dispatch === undefined ? {} : { dispatch }) },
      isTerminal(job.status) ? 200 : 202,
    );
  });

  addRoute(app, ROUTES.getIncidentEnrichment, guard, async (c) => {
    const id = readIdParam(c, 'incident enrichment');
    const job = await getIncidentEnrichment(deps.db, id);
    if (job === null) throw notFound('incident enrichment', id);
    return c.json(view(c, job), 200);
  });
}

function isEnrichment(value: unknown): value is IncidentEnrichment {
  return typeof value === 'object' && value !== null && 'id' in value && 'status' in value && 'incidentSysId' in value;
}

function untilSettled(settled: Promise<unknown>, seconds: number, abort: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, seconds * 1000);
    abort.addEventListener('abort', () => resolve(), { once: true });
  });
  return Promise.race([
    settled.then(
      () => undefined,
      () => undefined,
    ),
    deadline,
  ]).finally(() => clearTimeout(timer));
}
