/** biome-ignore-all lint/suspicious/noExplicitAny: the bench reads JSON replies field by field. */
import { cpus, loadavg } from 'node:os';
import { asNewDelivery, type EnrichmentRig, startEnrichmentRig } from '../integration/incident-enrichment/rig';
import { type Bench, fixed, percentile, printTable, readIntegerFlags } from './bench';
import { type HttpClients, startHttpClients } from './http-clients';

/**
 * `warmup`: enrichments run at the top concurrency before each mode is measured, in rounds
 * of 384. A fresh process runs its first few hundred enrichments while V8 still compiles
 * the hot JavaScript and tiers up PGlite's WebAssembly on background threads: the first
 * round costs ~30 % more CPU per enrichment than the later ones. The figures are for the
 * warm process a server is; each warm-up round's rate is printed beside them.
 */
const DEFAULTS = { incidents: 300, perClient: 12, warmup: 1152, minimum: 60 };
const WARMUP_ROUND = 384;
const LEVELS = [1, 8, 32];

/** The demo incidents as new deliveries: a later version each, opened minutes ago, not yet categorised or assigned. */
function deliveries(
  rows: readonly Record<string, unknown>[],
  count: number,
  base: Date,
  batch: number,
): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, n) => {
    const row = rows[n % rows.length] as Record<string, unknown>;
    return asNewDelivery(row, {
      openedAt: new Date(base.getTime() - ((n * 7) % 240) * 60_000),
      updatedAt: new Date(base.getTime() + 1000 * (n + 1)),
      modCount: batch * 100_000 + n,
    });
  });
}

type CpuUsage = () => Promise<{ readonly user: number; readonly system: number }>;

/** CPU ms per enrichment: the runtime's thread, the PGlite thread, the client thread, and the rest of the process (V8's GC and compiler threads, libuv). */
interface Cpu {
  readonly runtime: number;
  readonly database: number;
  readonly clients: number;
  readonly other: number;
}

interface Level {
  readonly clients: number;
  readonly p50: number;
  readonly p95: number;
  readonly perSecond: number;
  readonly statements: number;
  readonly modelCalls: number;
  readonly tokens: number;
  readonly agentsRun: number;
  /** Mean latency per agent that ran, and of the whole solver run, in ms. */
  readonly agentMs: Record<string, number>;
  readonly cpu: Cpu;
}

async function runLevel(
  rig: EnrichmentRig,
  http: HttpClients,
  records: readonly Record<string, unknown>[],
  clients: number,
  counter: { statements: number },
): Promise<Level> {
  const bodies = records.map((record) => JSON.stringify(record));
  const databaseCpu: CpuUsage = () => rig.runtime.databaseCpuUsage();
  counter.statements = 0;
  const ms = (u: { user: number; system: number }) => (u.user + u.system) / 1000;
  const [db0, clients0] = await Promise.all([databaseCpu(), http.cpuUsage()]);
  const main0 = process.threadCpuUsage();
  const all0 = process.cpuUsage();
  const { results, seconds } = await http.run({
    url: `${rig.runtime.url}/v1/incident-enrichments?wait=25`,
    headers: { authorization: `Bearer ${rig.token}`, 'content-type': 'application/json' },
    bodies,
    clients,
  });
  const main = ms(process.threadCpuUsage(main0));
  const all = ms(process.cpuUsage(all0));
  const [db1, clients1] = await Promise.all([databaseCpu(), http.cpuUsage()]);
  const statements = counter.statements;
  const total = records.length;
  const database = ms(db1) - ms(db0);
  const client = ms(clients1) - ms(clients0);
  const cpu: Cpu = {
    runtime: main / total,
    database: database / total,
    clients: client / total,
    other: Math.max(0, all - main - database - client) / total,
  };

  let modelCalls = 0;
  let tokens = 0;
  let agentsRun = 0;
  const agentMs: Record<string, number[]> = {};
  const sample = (name: string, value: number) => {
    const list = agentMs[name] ?? [];
    list.push(value);
    agentMs[name] = list;
  };
  for (const reply of results) {
    const body = JSON.parse(reply.text) as Record<string, any>;
    if (body.status !== 'completed')
      throw new Error(`not completed (HTTP ${reply.status}): ${reply.text.slice(0, 400)}`);
    modelCalls += body.result.usage.modelCalls;
    tokens += body.result.usage.inputTokens + body.result.usage.outputTokens;
    agentsRun += body.result.plan.filter((p: any) => p.run).length;
    for (const [agent, u] of Object.entries(body.result.usage.perAgent as Record<string, any>))
      if (u.status !== 'skipped') sample(agent, u.latencyMs);
    sample('solver', body.result.usage.latencyMs);
  }
  const latencies = results.map((r) => r.ms);
  return {
    clients,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    perSecond: total / seconds,
    statements: statements / total,
    modelCalls: modelCalls / total,
    tokens: tokens / total,
    agentsRun: agentsRun / total,
    agentMs: Object.fromEntries(
      Object.entries(agentMs).map(([agent, values]) => [agent, values.reduce((a, b) => a + b, 0) / values.length]),
    ),
    cpu,
  };
}

/**
 * Incident enrichment end to end through the local runtime (HTTP POST ?wait → gateway →
 * Smart Solver → agents in-process → PGlite and the emulator, offline inference) at 1,
 * 8 and 32 concurrent clients: p50, p95, throughput, SQL statements, model calls and
 * tokens per enrichment, for the Smart Solver beside "all five agents every time" on
 * the same incidents.
 */
export const incidentEnrichmentBench: Bench = {
  name: 'incident-enrichment',
  description:
    'POST /v1/incident-enrichments?wait end to end: Smart Solver vs all five agents every time (offline, PGlite)',
  run: async (args) => {
    const flags = readIntegerFlags(args, DEFAULTS);
    const rig = await startEnrichmentRig({ demoData: { incidents: flags.incidents, changeRequests: 100 } });
    const http = await startHttpClients();
    const enrichment = rig.runtime.incidentEnrichment;
    if (enrichment === undefined) throw new Error('the local runtime has no incident enrichment');
    // Counts every statement the runtime's pool runs (gateway, solver, agents, inference ledger).
    const counter = { statements: 0 };
    const pool = rig.runtime.pool;
    const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
    (pool as { query: unknown }).query = (...a: unknown[]) => {
      counter.statements += 1;
      return query(...a);
    };
    try {
      const rows = (await rig.serviceNow.queryTable('incident', { query: 'ORDERBYnumber', limit: 5000 })).rows;
      await enrichment.warm();
      let version = 0;
      const batch = (count: number) => {
        const base = new Date(Date.now() + 3_600_000 * ++version);
        return deliveries(rows, count, base, version);
      };
      const results: Record<string, Level[]> = {};
      const warmup: Record<string, number[]> = {};
      const top = LEVELS[LEVELS.length - 1] as number;
      for (const mode of ['solver', 'all-agents'] as const) {
        enrichment.setMode(mode);
        warmup[mode] = [];
        for (let done = 0; done < flags.warmup; done += WARMUP_ROUND) {
          const count = Math.min(WARMUP_ROUND, flags.warmup - done);
          warmup[mode].push((await runLevel(rig, http, batch(count), top, counter)).perSecond);
        }
        results[mode] = [];
        for (const clients of LEVELS) {
          const count = Math.max(flags.minimum, clients * flags.perClient);
          results[mode].push(await runLevel(rig, http, batch(count).slice(0, count), clients, counter));
        }
      }
      console.log(
        `machine: ${cpus().length} cores, load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}; ${rows.length} demo incidents as new deliveries (uncategorised), same set for both modes`,
      );
      console.log(
        `warm-up before measuring, ${top} clients, enrichments/s by round of ${WARMUP_ROUND}: ${Object.entries(warmup)
          .map(([mode, rates]) => `${mode} ${rates.map((r) => fixed(r)).join(', ')}`)
          .join('; ')}\n`,
      );
      printTable(
        ['mode', 'clients', 'p50 ms', 'p95 ms', 'enrich/s', 'SQL/enrich', 'agents/enrich', 'model calls', 'tokens'],
        Object.entries(results).flatMap(([mode, levels]) =>
          levels.map((l) => [
            mode,
            String(l.clients),
            fixed(l.p50),
            fixed(l.p95),
            fixed(l.perSecond),
            fixed(l.statements, 1),
            fixed(l.agentsRun, 2),
            fixed(l.modelCalls, 2),
            fixed(l.tokens, 0),
          ]),
        ),
      );
      console.log(
        '\nwhere the time goes: mean ms per agent that ran, and of the whole solver run (plan → note → stored)\n',
      );
      const agents = [
        'tag-classifier',
        'incident-similarity',
        'incident-associator',
        'change-associator',
        'context-retriever',
        'solver',
      ];
      printTable(
        ['mode', 'clients', ...agents],
        Object.entries(results).flatMap(([mode, levels]) =>
          levels.map((l) => [mode, String(l.clients), ...agents.map((a) => fixed(l.agentMs[a] ?? Number.NaN))]),
        ),
      );
      console.log(
        "\nwhere the CPU goes: ms per enrichment by thread — the runtime (HTTP server, gateway, solver, agents, pg, the emulator), PGlite, the bench's clients (their own thread, keep-alive), the rest of the process (V8's GC and compiler threads, libuv); ceiling = enrichments/s these costs allow: one per runtime- or PGlite-thread ms, and all four threads on this machine's cores\n",
      );
      printTable(
        ['mode', 'clients', 'runtime', 'PGlite', 'clients', 'other', 'ceiling/s'],
        Object.entries(results).flatMap(([mode, levels]) =>
          levels.map((l) => [
            mode,
            String(l.clients),
            fixed(l.cpu.runtime),
            fixed(l.cpu.database),
            fixed(l.cpu.clients),
            fixed(l.cpu.other),
            fixed(
              Math.min(
                1000 / Math.max(l.cpu.runtime, l.cpu.database),
                (1000 * cpus().length) / (l.cpu.runtime + l.cpu.database + l.cpu.other + l.cpu.clients),
              ),
            ),
          ]),
        ),
      );
      const solver = results.solver ?? [];
      const all = results['all-agents'] ?? [];
      const calls = (levels: Level[]) => levels.reduce((s, l) => s + l.modelCalls, 0) / Math.max(1, levels.length);
      console.log(
        `\nmodel calls per enrichment (measured, offline provider, every call recorded): solver ${fixed(calls(solver), 2)}, all agents ${fixed(calls(all), 2)} (${fixed((100 * calls(solver)) / Math.max(calls(all), 1e-9), 0)} %)`,
      );
      const at32 = solver.find((l) => l.clients === 32);
      if (at32 !== undefined)
        console.log(
          `targets (offline): p50 ≤ 100 ms → ${fixed(solver[0]?.p50 ?? Number.NaN)} ms at 1 client; ≥ 100 enrichments/s at 32 clients → ${fixed(at32.perSecond)}`,
        );
    } finally {
      await http.stop();
      await rig.stop();
    }
  },
};
