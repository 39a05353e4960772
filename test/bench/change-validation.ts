import { randomUUID } from 'node:crypto';
import { createAgentHandlers } from '../../lambdas/change-validation/agents';
import { localChangeValidationDependencies } from '../../lambdas/change-validation/local-dependencies';
import { beginChangeValidation } from '../../lambdas/shared/db/change-validations';
import { createEmbedder } from '../../lambdas/shared/embeddings/embedder';
import { DEMO_NOW, startChangeValidationRig } from '../fixtures/change-validation/runtime';
import { type Bench, percentile, printTable, readIntegerFlags } from './bench';

const DEFAULTS = { requests: 48, warmup: 6 };
const EMBEDDING = { provider: 'offline', modelId: 'hashing', dimension: 256 } as const;

/** A later version of a Table API row, so each request is a new validation. */
function nextVersion(row: Record<string, unknown>, n: number): Record<string, unknown> {
  const raw = row.sys_updated_on;
  const text = typeof raw === 'object' && raw !== null ? String((raw as { value: unknown }).value) : String(raw);
  const at = new Date(Date.parse(`${text.replace(' ', 'T')}Z`) + n * 1000);
  return { ...row, sys_updated_on: at.toISOString().slice(0, 19).replace('T', ' '), sys_mod_count: String(1000 + n) };
}

type CpuUsage = () => Promise<{ readonly user: number; readonly system: number }>;

async function measure(
  total: number,
  clients: number,
  one: (n: number) => Promise<void>,
  offset: number,
  databaseCpu: CpuUsage,
) {
  const latencies: number[] = [];
  let next = 0;
  const dbCpu = await databaseCpu();
  const mainCpu = process.threadCpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let n = next++; n < total; n = next++) {
        const t0 = performance.now();
        await one(offset + n);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const main = process.threadCpuUsage(mainCpu);
  const db = await databaseCpu();
  return {
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    perSecond: total / seconds,
    // CPU per validation, which the machine's load does not inflate as it does wall time.
    mainCpuMs: (main.user + main.system) / 1000 / total,
    dbCpuMs: (db.user + db.system - dbCpu.user - dbCpu.system) / 1000 / total,
  };
}

/**
 * Change validation end to end through the local runtime (HTTP POST ?wait → the real
 * ASL in aws-local-stepfunctions → the four agents → PGlite and the emulator, offline
 * inference) at 1 and 8 clients, beside the same validations run by calling the four
 * agents' handlers directly in-process; the ratio is what the orchestration costs.
 */
export const changeValidationBench: Bench = {
  name: 'change-validation',
  description: 'POST /v1/change-validations?wait end to end vs the four agents in-process (offline, PGlite)',
  run: async (args) => {
    const flags = readIntegerFlags(args, DEFAULTS);
    const rig = await startChangeValidationRig({ changeValidation: { now: () => DEMO_NOW, autoTransition: false } });
    try {
      const drafts = await rig.drafts();
      const dbCpu = () => rig.runtime.databaseCpuUsage();
      const pick = (n: number) => nextVersion(drafts[n % drafts.length] as Record<string, unknown>, n);
      const http = async (n: number) => {
        const { body } = await rig.post(pick(n), 20);
        if (body.result?.verdict === undefined) throw new Error(`no verdict: ${JSON.stringify(body).slice(0, 300)}`);
      };
      const handlers = createAgentHandlers(
        localChangeValidationDependencies({
          db: rig.runtime.pool,
          embedder: createEmbedder(EMBEDDING),
          serviceNowUrl: rig.runtime.serviceNowUrl,
          now: () => DEMO_NOW,
          autoTransition: false,
        }),
      );
      const direct = async (n: number) => {
        const row = pick(n);
        const field = (name: string) => {
          const v = row[name];
          return typeof v === 'object' && v !== null ? String((v as { value: unknown }).value) : String(v);
        };
        const { validation } = await beginChangeValidation(rig.runtime.pool, {
          changeSysId: field('sys_id'),
          changeNumber: field('number'),
          sysUpdatedOn: new Date(`${field('sys_updated_on').replace(' ', 'T')}Z`).toISOString(),
          sysModCount: Number(field('sys_mod_count')),
          correlationId: randomUUID(),
          request: row,
        });
        const ids = {
          validationId: validation.id,
          correlationId: validation.correlationId,
          changeNumber: field('number'),
        };
        const rules = (await handlers.ruleExtractor(ids)) as { ruleIds: string[] };
        await handlers.contentValidator({ ...ids, ruleIds: rules.ruleIds });
        const modelAssessment = await handlers.modelAnalyst(ids);
        await handlers.phaseTransition({ ...ids, modelAssessment });
      };
      let offset = 0;
      await measure(flags.warmup, 1, http, offset, dbCpu);
      offset += flags.warmup;
      await measure(flags.warmup, 1, direct, 100_000 + offset, dbCpu);
      const rows: string[][] = [];
      for (const clients of [1, 8]) {
        // Each row validates versions no earlier row used.
        offset += flags.requests + 10;
        const viaHttp = await measure(flags.requests, clients, http, offset, dbCpu);
        offset += flags.requests + 10;
        const inProcess = await measure(flags.requests, clients, direct, 100_000 + offset, dbCpu);
        rows.push(
          [
            'HTTP POST ?wait (ASL)',
            String(clients),
            viaHttp.perSecond.toFixed(1),
            viaHttp.p50.toFixed(1),
            viaHttp.p95.toFixed(1),
            viaHttp.mainCpuMs.toFixed(1),
            viaHttp.dbCpuMs.toFixed(1),
          ],
          [
            'agents in-process',
            String(clients),
            inProcess.perSecond.toFixed(1),
            inProcess.p50.toFixed(1),
            inProcess.p95.toFixed(1),
            inProcess.mainCpuMs.toFixed(1),
            inProcess.dbCpuMs.toFixed(1),
          ],
          ['ratio p50 (HTTP / in-process)', String(clients), '', (viaHttp.p50 / inProcess.p50).toFixed(2), '', '', ''],
        );
      }
      printTable(['path', 'clients', 'validations/s', 'p50 ms', 'p95 ms', 'main CPU ms/val', 'db CPU ms/val'], rows);
      console.log(
        `\n${flags.requests} validations per row over ${drafts.length} demo drafts; offline inference; target p50 ≤ 150 ms, p95 ≤ 500 ms at 8 clients.`,
        "\nCPU per validation: main = the runtime's thread (HTTP server, ASL interpreter, agents, emulator, and this",
        "bench's own client); db = PGlite's thread. On 2 cores the throughput is at most",
        '1000 / max(main, db) validations/s.',
      );
    } finally {
      await rig.stop();
    }
  },
};
