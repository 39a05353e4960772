/** biome-ignore-all lint/suspicious/noExplicitAny: the report reads JSON replies field by field. */
import { estimateCostUsd } from '../../lambdas/shared/inference';
import { INCIDENT_AGENTS } from '../../lambdas/smart-solver/policy';
import { asNewDelivery, startEnrichmentRig } from '../integration/incident-enrichment/rig';
import { configuredModels, type FastModel, mulberry32 } from './helpers';

/** An illustrative price for the `fast` alias when it is a hosted model (US dollars per million tokens). */
const HAIKU = { name: 'Claude 3.5 Haiku', inputUsdPerMTok: 0.8, outputUsdPerMTok: 4 };

interface ModeFigures {
  enrichments: number;
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  configuredCostUsd: number;
  callsByAgent: Record<string, number>;
  agentsRun: number;
  categoryCorrect: number;
  groupCorrect: number;
}

/** The cost report's figures: both modes on the same held-out incidents. */
export interface EnrichmentCostReport {
  readonly heldOut: number;
  readonly history: number;
  readonly seed: number;
  /** What answered the `fast` alias (`provider/modelId`) and its configured price, US dollars per million tokens. */
  readonly model: FastModel;
  readonly solver: ModeFigures;
  readonly allAgents: ModeFigures;
}

/**
 * The Smart Solver against "all five agents every time" on the same held-out labelled
 * incidents of the demo dataset, end to end through the local runtime (HTTP, PGlite,
 * emulator; the model steps answered by the models the environment configures, as
 * `npm start` does, offline when unset): model calls, tokens and estimated cost of each path,
 * beside tag accuracy (category, assignment group) against the incidents' own labels.
 * The held-out incidents are removed from the database first, so neither the Tag
 * Classifier nor the similarity search has seen them.
 */
export async function evaluateEnrichmentCost(
  options: { seed?: number; heldOut?: number; env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<EnrichmentCostReport> {
  const seed = options.seed ?? 42;
  const { config, fast: model } = configuredModels(options.env ?? process.env);
  const rig = await startEnrichmentRig({ demoData: { incidents: 600, changeRequests: 150 }, config });
  try {
    const enrichment = rig.runtime.incidentEnrichment;
    if (enrichment === undefined) throw new Error('the local runtime has no incident enrichment');
    const { rows: labelled } = await rig.runtime.pool.query<{
      sys_id: string;
      category: string;
      assignment_group: string;
    }>(
      `SELECT sys_id, category, assignment_group FROM incidents
        WHERE state IN ('resolved', 'closed') AND category IS NOT NULL AND assignment_group IS NOT NULL ORDER BY sys_id`,
    );
    const random = mulberry32(seed);
    const order = labelled
      .map((row) => ({ row, r: random() }))
      .sort((a, b) => a.r - b.r)
      .map((x) => x.row);
    const test = order.slice(0, options.heldOut ?? Math.floor(order.length * 0.2));
    await rig.runtime.pool.query('DELETE FROM incidents WHERE sys_id = ANY($1::text[])', [test.map((t) => t.sys_id)]);
    await enrichment.warm();
    const rows = new Map(
      (await rig.serviceNow.queryTable('incident', { query: 'ORDERBYnumber', limit: 5000 })).rows.map((r) => [
        String(r.sys_id),
        r,
      ]),
    );
    const figures = {} as Record<'solver' | 'all-agents', ModeFigures>;
    let version = 0;
    for (const mode of ['solver', 'all-agents'] as const) {
      enrichment.setMode(mode);
      version += 1;
      const f: ModeFigures = {
        enrichments: 0,
        modelCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        configuredCostUsd: 0,
        callsByAgent: Object.fromEntries(INCIDENT_AGENTS.map((a) => [a, 0])),
        agentsRun: 0,
        categoryCorrect: 0,
        groupCorrect: 0,
      };
      const now = Date.now();
      for (const [n, truth] of test.entries()) {
        const row = rows.get(truth.sys_id) as Record<string, unknown>;
        // The incident as it arrives: new, not yet categorised or assigned.
        const delivery = asNewDelivery(row, {
          openedAt: new Date(now - 10 * 60_000),
          updatedAt: new Date(now + 1000 * (version * 10_000 + n)),
          modCount: version * 100_000 + n,
        });
        const { body } = await rig.post(delivery, 25);
        if (body.status !== 'completed') throw new Error(`not completed: ${JSON.stringify(body).slice(0, 300)}`);
        const usage = body.result.usage;
        f.enrichments += 1;
        f.modelCalls += usage.modelCalls;
        f.inputTokens += usage.inputTokens;
        f.outputTokens += usage.outputTokens;
        f.configuredCostUsd += usage.estimatedCostUsd;
        for (const [agent, u] of Object.entries(usage.perAgent as Record<string, any>))
          f.callsByAgent[agent] = (f.callsByAgent[agent] ?? 0) + u.modelCalls;
        f.agentsRun += body.result.plan.filter((p: any) => p.run).length;
        const tags = body.result.agents['tag-classifier']?.output;
        if (tags?.category?.value === truth.category) f.categoryCorrect += 1;
        if (tags?.assignmentGroup?.value === truth.assignment_group) f.groupCorrect += 1;
      }
      figures[mode] = f;
    }
    return {
      heldOut: test.length,
      history: labelled.length - test.length,
      seed,
      model,
      solver: figures.solver,
      allAgents: figures['all-agents'],
    };
  } finally {
    await rig.stop();
  }
}

/** The report as printed lines, saying what is measured and what is estimated. */
export function describeEnrichmentCost(report: EnrichmentCostReport): string[] {
  const { model } = report;
  const line = (name: string, f: ModeFigures) => {
    const haiku = estimateCostUsd(HAIKU, f.inputTokens, f.outputTokens);
    const byAgent = Object.entries(f.callsByAgent)
      .filter(([, calls]) => calls > 0)
      .map(([agent, calls]) => `${agent} ${calls}`)
      .join(', ');
    return [
      `  ${name}: ${f.enrichments} enrichments, ${(f.agentsRun / f.enrichments).toFixed(2)} agents each; ${f.modelCalls} model calls (${(f.modelCalls / f.enrichments).toFixed(2)} each: ${byAgent || 'none'}); ${f.inputTokens} input / ${f.outputTokens} output tokens`,
      `    cost: $${f.configuredCostUsd.toFixed(4)} at the configured price table (${model.name}: $${model.inputUsdPerMTok}/$${model.outputUsdPerMTok} per MTok); $${haiku.toFixed(4)} if the fast alias were ${HAIKU.name} ($${HAIKU.inputUsdPerMTok}/$${HAIKU.outputUsdPerMTok} per MTok), $${((1000 * haiku) / f.enrichments).toFixed(3)} per 1,000 incidents`,
      `    tag accuracy on the held-out incidents: category ${(f.categoryCorrect / f.enrichments).toFixed(3)}, assignment group ${(f.groupCorrect / f.enrichments).toFixed(3)}`,
    ];
  };
  const { solver, allAgents } = report;
  const share = allAgents.modelCalls === 0 ? 0 : solver.modelCalls / allAgents.modelCalls;
  const equalOrBetter =
    solver.categoryCorrect >= allAgents.categoryCorrect && solver.groupCorrect >= allAgents.groupCorrect;
  return [
    `incident enrichment cost (demo dataset, seed ${report.seed}: ${report.heldOut} held-out labelled incidents delivered as new, ${report.history} in history; end to end through the local runtime, the fast alias answered by ${model.name})`,
    ...line('Smart Solver', solver),
    ...line('all five agents every time', allAgents),
    `  solver / all agents: ${(100 * share).toFixed(1)} % of the model calls, ${((100 * (solver.inputTokens + solver.outputTokens)) / Math.max(1, allAgents.inputTokens + allAgents.outputTokens)).toFixed(1)} % of the tokens; tag accuracy ${equalOrBetter ? 'equal or better' : 'LOWER'} (target: ≤ 40 % of the calls at equal or better accuracy: ${share <= 0.4 && equalOrBetter ? 'met' : 'NOT met'})`,
    '  measured: agents run, model calls and tokens (every call recorded by the inference layer, with the token counts the provider reports; the offline provider counts 4 characters a token) and accuracy; estimated: the dollar cost (tokens × price table).',
  ];
}

if (process.argv[1]?.endsWith('incident-enrichment-cost.ts')) {
  const seed = Number(process.argv[process.argv.indexOf('--seed') + 1] || 42) || 42;
  for (const line of describeEnrichmentCost(await evaluateEnrichmentCost({ seed }))) console.log(line);
}
