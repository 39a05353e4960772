import { performance } from 'node:perf_hooks';
import { signLocalToken } from '../../local/auth/local-key';
import { createTestApp, createTestKey } from '../fixtures/api/app';
import { changeRecordStrings, jsonPost } from '../fixtures/api/records';
import { startTestDatabase } from '../fixtures/db/database';
import { type Bench, fixed, percentile, printTable, readIntegerFlags } from './bench';

/**
 * The gateway in-process: local token verification, and change-validation intake
 * (POST through the real app, auth, schema, idempotent insert) against PGlite on its
 * single connection, for new records and for retried duplicates.
 */

const DEFAULTS = { requests: 400, concurrency: 10, tokens: 2000 };

export const gatewayBench: Bench = {
  name: 'gateway',
  description: 'MicroGateway in-process: token checks per second, job intake latency and throughput on PGlite',
  run: async (args) => {
    const flags = readIntegerFlags(args, DEFAULTS);
    const key = await createTestKey();
    const db = await startTestDatabase({ embeddingDimension: 8 });
    try {
      const app = createTestApp(key, { db: db.pool });
      const token = await signLocalToken(key);
      const headers = { authorization: `Bearer ${token}` };

      const verifyStarted = performance.now();
      for (let i = 0; i < flags.tokens; i++) {
        const res = await app.request('/v1/agents', { headers });
        await res.arrayBuffer();
      }
      const agentsPerSecond = flags.tokens / ((performance.now() - verifyStarted) / 1000);

      const rows: string[][] = [['GET /v1/agents (ES256 verify + role)', ...[fixed(agentsPerSecond, 0), '-', '-']]];
      for (const kind of ['new records', 'duplicates'] as const) {
        const latencies: number[] = [];
        const started = performance.now();
        let next = 0;
        const worker = async () => {
          while (next < flags.requests) {
            const i = next++;
            const record = changeRecordStrings({
              sys_id: (kind === 'new records' ? i : 0).toString(16).padStart(32, '0'),
              number: `CHG${String(1_000_000 + i)}`,
            });
            const t0 = performance.now();
            const res = await app.request('/v1/change-validations', jsonPost(record, headers));
            await res.arrayBuffer();
            if (res.status !== 202) throw new Error(`intake answered ${res.status}`);
            latencies.push(performance.now() - t0);
          }
        };
        await Promise.all(Array.from({ length: flags.concurrency }, worker));
        const perSecond = flags.requests / ((performance.now() - started) / 1000);
        rows.push([
          `POST /v1/change-validations, ${kind}`,
          fixed(perSecond, 0),
          fixed(percentile(latencies, 0.5), 1),
          fixed(percentile(latencies, 0.95), 1),
        ]);
      }
      const { rows: jobs } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM change_validations');
      console.log(
        `${flags.requests} requests per intake row at concurrency ${flags.concurrency}; ${jobs[0]?.n} jobs stored (expected ${flags.requests})`,
      );
      printTable(['operation', 'req/s', 'p50 ms', 'p95 ms'], rows);
    } finally {
      await db.stop();
    }
  },
};
