import { readFile } from 'node:fs/promises';
import { modelCallsJson, recordModelCalls } from '../../lambdas/shared/db/agent-runs';
import { beginChangeValidation, recordChangeValidationStep } from '../../lambdas/shared/db/change-validations';
import { beginIncidentEnrichment, finishIncidentEnrichment } from '../../lambdas/shared/db/incident-enrichments';
import type { InferenceCallRecord } from '../../lambdas/shared/inference/accounting';
import { startTestDatabase } from '../fixtures/db/database';
import { referenceRecordModelCall, withReferenceCalls } from '../integration/db/reference-model-call-statements';
import { type Bench, readIntegerFlags } from './bench';

const DEFAULTS = { rounds: 300, calls: 2 };

function modelCall(n: number): InferenceCallRecord {
  return {
    requestId: `corr-${n}`,
    agent: n % 2 === 0 ? 'content-validator' : 'aim-model-analyst',
    alias: 'default',
    provider: 'offline',
    modelId: 'offline-v1',
    operation: 'judge',
    inputHash: 'e'.repeat(64),
    output: { verdict: 'pass', reasons: ['el plan de vuelta atrás existe'], confidence: 0.82 },
    inputTokens: 300 + (n % 7),
    outputTokens: 20,
    costUsd: 0,
    latencyMs: 1.3,
    status: 'succeeded',
    error: null,
    guardrail: null,
    day: '2026-11-27',
  };
}

/**
 * The statements that record model calls before and after migration 021 (record_model_calls),
 * alternating ABBA statement by statement in one process, so machine load falls on both
 * alike: CPU per statement on the runtime's thread and in PGlite (its busy time).
 */
export const modelCallsBench: Bench = {
  name: 'model-calls',
  description: 'recording model calls: the previous statements vs record_model_calls (migration 021), ABBA',
  run: async (args) => {
    const flags = readIntegerFlags(args, DEFAULTS);
    const db = await startTestDatabase({ embeddingDimension: 8 });
    try {
      const { validation } = await beginChangeValidation(db.pool, {
        changeSysId: 'a'.repeat(32),
        changeNumber: 'CHG0000001',
        sysUpdatedOn: '2026-11-27T10:00:00.000Z',
        correlationId: 'corr-bench',
        request: { short_description: 'bench' },
      });
      const calls = (n: number) => Array.from({ length: flags.calls }, (_, k) => modelCall(n * flags.calls + k));
      const progress = { status: 'succeeded', summary: { evaluated: 12 } };
      // Migration 019's function as it was (its own INSERTs of the calls), beside 021's.
      const sql019 = await readFile(
        new URL('../../lambdas/shared/db/migrations/019_incident_enrichment_writes.sql', import.meta.url),
        'utf8',
      );
      await db.pool.query(sql019.replace('CREATE FUNCTION finish_incident_enrichment(', 'CREATE FUNCTION finish_019('));
      let jobs = 0;
      const job = async () =>
        (
          await beginIncidentEnrichment(db.pool, {
            incidentSysId: String(++jobs).padStart(32, '0'),
            incidentNumber: `INC${jobs}`,
            sysUpdatedOn: '2026-11-27T10:00:00.000Z',
            correlationId: `corr-${jobs}`,
            request: { short_description: 'bench' },
          })
        ).enrichment.id;
      const outcome = { status: 'completed', result: { agents: { tags: ['vpn'] } }, usage: { calls: 1 }, plan: [] };
      const paths: Record<
        string,
        {
          before: (n: number, id: string) => Promise<unknown>;
          after: (n: number, id: string) => Promise<unknown>;
          setup?: () => Promise<string>;
        }
      > = {
        'change validation step with held calls': {
          before: (n) => {
            const s = withReferenceCalls(
              calls(n),
              [validation.id, 'content-validator', JSON.stringify(progress), null],
              'SELECT change_validation_record_step($1::uuid, $2::text, $3::jsonb, $4::jsonb)',
            );
            return db.pool.query(s.text, s.values);
          },
          after: (n) => recordChangeValidationStep(db.pool, validation.id, 'content-validator', progress, calls(n)),
        },
        'incident enrichment ending with held calls': {
          before: async (n) => {
            const id = await job();
            return db.pool.query('SELECT * FROM finish_019($1, $2, $3::jsonb, $4::jsonb, $5, $6::jsonb, $7::jsonb)', [
              id,
              outcome.status,
              JSON.stringify(outcome.result),
              JSON.stringify(outcome.usage),
              null,
              JSON.stringify(outcome.plan),
              modelCallsJson(calls(n)),
            ]);
          },
          after: async (n) =>
            finishIncidentEnrichment(db.pool, await job(), { ...outcome, status: 'completed' }, calls(n)),
        },
        'ledger, one call': {
          before: (n) => referenceRecordModelCall(db.pool, modelCall(n)),
          after: (n) => recordModelCalls(db.pool, [modelCall(n)]),
        },
      };
      console.log(
        `machine load ${(await import('node:os'))
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(
            ' ',
          )}; ${flags.rounds} statements per side, ${flags.calls} calls per step; JSON built per call: ${modelCallsJson(calls(0)).length} B\n`,
      );
      console.log('path                                         side    runtime µs/stmt  PGlite µs/stmt');
      for (const [name, path] of Object.entries(paths)) {
        const totals = { before: { main: 0, db: 0 }, after: { main: 0, db: 0 } };
        // Warm both (plans cached, JIT) before measuring.
        for (let n = 0; n < 20; n++) {
          await path.before(n, (await path.setup?.()) ?? '');
          await path.after(n, (await path.setup?.()) ?? '');
        }
        for (let n = 0; n < flags.rounds; n++) {
          const order = n % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
          for (const side of order) {
            const id = (await path.setup?.()) ?? '';
            const busy0 = (await db.local.sessionStats()).busyMs;
            const main0 = process.threadCpuUsage();
            await path[side](n, id);
            const main = process.threadCpuUsage(main0);
            const busy1 = (await db.local.sessionStats()).busyMs;
            totals[side].main += main.user + main.system;
            totals[side].db += (busy1 - busy0) * 1000;
          }
        }
        for (const side of ['before', 'after'] as const)
          console.log(
            `${name.padEnd(44)} ${side.padEnd(7)} ${(totals[side].main / flags.rounds).toFixed(0).padStart(15)} ${(totals[side].db / flags.rounds).toFixed(0).padStart(15)}`,
          );
      }
    } finally {
      await db.stop();
    }
  },
};
