import { randomUUID } from 'node:crypto';
import { createAgentHandlers } from '../../lambdas/change-validation/agents';
import { localChangeValidationDependencies } from '../../lambdas/change-validation/local-dependencies';
import { beginChangeValidation } from '../../lambdas/shared/db/change-validations';
import { createEmbedder } from '../../lambdas/shared/embeddings/embedder';
import { DEMO_NOW, startChangeValidationRig } from '../fixtures/change-validation/runtime';
import { type Bench, percentile, printTable, readIntegerFlags } from './bench';
import { type HttpClients, startHttpClients } from './http-clients';

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

interface Measured {
  readonly p50: number;
  readonly p95: number;
  readonly perSecond: number;
  /** CPU per validation by thread (which the machine's load does not inflate as it does wall time). */
  readonly mainCpuMs: number;
  readonly dbCpuMs: number;
  readonly clientCpuMs: number | null;
}

const cpuMs = (u: { readonly user: number; readonly system: number }) => (u.user + u.system) / 1000;

// The in-process path: the agents called directly on this thread.
async function measure(
  total: number,
  clients: number,
  one: (n: number) => Promise<void>,
  offset: number,
  databaseCpu: CpuUsage,
): Promise<Measured> {
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
    mainCpuMs: cpuMs(main) / total,
    dbCpuMs: (cpuMs(db) - cpuMs(dbCpu)) / total,
    clientCpuMs: null,
  };
}

// The HTTP path: the callers run on their own thread (in production they are ServiceNow and
// other machines), so the runtime's thread is measured without them; their CPU is shown apart.
async function measureHttp(
  http: HttpClients,
  url: string,
  token: string,
  bodies: readonly string[],
  clients: number,
  databaseCpu: CpuUsage,
): Promise<Measured> {
  const [db0, client0] = await Promise.all([databaseCpu(), http.cpuUsage()]);
  const main0 = process.threadCpuUsage();
  const { results, seconds } = await http.run({
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    bodies,
    clients,
  });
  const main = process.threadCpuUsage(main0);
  const [db1, client1] = await Promise.all([databaseCpu(), http.cpuUsage()]);
  for (const { status, text } of results) {
    const body = JSON.parse(text) as { result?: { verdict?: string } };
    if (status !== 200 || body.result?.verdict === undefined)
      throw new Error(`no verdict: ${status} ${text.slice(0, 300)}`);
  }
  const latencies = results.map((r) => r.ms);
  const total = bodies.length;
  return {
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    perSecond: total / seconds,
    mainCpuMs: cpuMs(main) / total,
    dbCpuMs: (cpuMs(db1) - cpuMs(db0)) / total,
    clientCpuMs: (cpuMs(client1) - cpuMs(client0)) / total,
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
    const http = await startHttpClients();
    try {
      const drafts = await rig.drafts();
      const dbCpu = () => rig.runtime.databaseCpuUsage();
      const pick = (n: number) => nextVersion(drafts[n % drafts.length] as Record<string, unknown>, n);
      const url = `${rig.runtime.url}/v1/change-validations?wait=20`;
      const viaHttp = (count: number, clients: number, offset: number) =>
        measureHttp(
          http,
          url,
          rig.token,
          Array.from({ length: count }, (_, n) => JSON.stringify(pick(offset + n))),
          clients,
          dbCpu,
        );
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
      await viaHttp(flags.warmup, 1, offset);
      offset += flags.warmup;
      await measure(flags.warmup, 1, direct, 100_000 + offset, dbCpu);
      const rows: string[][] = [];
      for (const clients of [1, 8]) {
        // Each row validates versions no earlier row used.
        offset += flags.requests + 10;
        const overHttp = await viaHttp(flags.requests, clients, offset);
        offset += flags.requests + 10;
        const inProcess = await measure(flags.requests, clients, direct, 100_000 + offset, dbCpu);
        const row = (path: string, m: Measured) => [
          path,
          String(clients),
          m.perSecond.toFixed(1),
          m.p50.toFixed(1),
          m.p95.toFixed(1),
          m.mainCpuMs.toFixed(1),
          m.dbCpuMs.toFixed(1),
          m.clientCpuMs === null ? '' : m.clientCpuMs.toFixed(1),
        ];
        rows.push(row('HTTP POST ?wait (ASL)', overHttp), row('agents in-process', inProcess), [
          'ratio p50 (HTTP / in-process)',
          String(clients),
          '',
          (overHttp.p50 / inProcess.p50).toFixed(2),
          '',
          '',
          '',
          '',
        ]);
      }
      printTable(
        [
          'path',
          'clients',
          'validations/s',
          'p50 ms',
          'p95 ms',
          'main CPU ms/val',
          'db CPU ms/val',
          'clients CPU ms/val',
        ],
        rows,
      );
      console.log(
        `\n${flags.requests} validations per row over ${drafts.length} demo drafts; offline inference; target p50 ≤ 150 ms, p95 ≤ 500 ms at 8 clients.`,
        "\nCPU per validation: main = the runtime's thread (HTTP server, ASL interpreter, agents, emulator; on the",
        "in-process rows also this bench's loop); db = PGlite's thread; clients = the HTTP callers' own thread",
        '(node:http, keep-alive). On 2 cores the throughput is at most 1000 / max(main, db) validations/s, and',
        'the three together share the cores.',
      );
    } finally {
      await http.stop();
      await rig.stop();
    }
  },
};
