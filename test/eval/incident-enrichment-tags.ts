import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHashingEmbedder } from '../../lambdas/shared/embeddings';
import { createConfiguredInference, createMemoryLedger } from '../../lambdas/shared/inference';
import type { ModelMode } from '../../lambdas/smart-solver/agent-contract';
import { refineTags } from '../../lambdas/smart-solver/model-steps';
import { trainFromHistory } from '../../lambdas/tag-classifier/history';
import { configuredModels, mulberry32, parseCsv, SHARED_DATA } from './helpers';

const TICKETS = join(SHARED_DATA, 'it-ticket-assignment-groups/all_tickets.csv');

/** The tag step of both paths on real tickets: model calls and assignment-group accuracy. */
export interface TagPathFigures {
  readonly train: number;
  readonly test: number;
  /** What answered the `fast` alias: `provider/modelId` (offline unless MODEL_ALIASES says otherwise). */
  readonly model: string;
  /** The Tag Classifier from history alone, no model asked, on the same tickets. */
  readonly historyOnly: { readonly accuracy: number };
  readonly paths: Record<'solver' | 'all-agents', { modelCalls: number; tokens: number; accuracy: number }>;
}

/**
 * The Tag Classifier's step of the two paths on the real assignment-group tickets
 * (seeded 80/20 split, the first `limit` test tickets): trained on the 80 %, then the
 * model asked only about uncertain fields (solver) or about every field (all agents),
 * beside history alone. The model is the inference layer as the environment configures
 * it (`MODEL_ALIASES`, `PRICE_TABLE`, `OPENAI_BASE_URL`, `GUARDRAIL_ID`…, as for the
 * runtime; the offline provider when unset), with an in-memory ledger. Null when
 * ../shared/data is absent.
 */
export async function evaluateTagPaths(
  seed = 42,
  limit = 400,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<TagPathFigures | null> {
  if (!existsSync(TICKETS)) return null;
  const [, ...rows] = parseCsv(readFileSync(TICKETS, 'utf8'));
  const tickets = rows
    .filter((r) => r.length >= 4)
    .map((r) => ({
      shortDescription: (r[0] ?? '').trim() || '-',
      description: (r[2] ?? '').trim(),
      group: r[3] ?? '',
    }));
  const random = mulberry32(seed);
  const order = tickets
    .map((t) => ({ t, r: random() }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.t);
  const cut = Math.floor(order.length * 0.8);
  const train = order.slice(0, cut);
  const test = order.slice(cut, cut + limit);
  const history = trainFromHistory(
    train.map((t) => ({ shortDescription: t.shortDescription, description: t.description, assignmentGroup: t.group })),
  );
  const { config, fast } = configuredModels(env);
  const texts = test.map((t) => ({ shortDescription: t.shortDescription, description: t.description }));
  const fromHistory = texts.map((text) => history.classifier.classify(text));
  const historyCorrect = fromHistory.filter((tags, n) => tags.assignmentGroup?.value === test[n]?.group).length;
  const paths = {} as TagPathFigures['paths'];
  for (const [path, mode] of [
    ['solver', 'when-uncertain'],
    ['all-agents', 'always'],
  ] as const satisfies readonly (readonly [string, ModelMode])[]) {
    const ledger = createMemoryLedger();
    const inference = createConfiguredInference(config, {
      ledger,
      embedder: createHashingEmbedder({ dimension: 256 }),
      overrides: { metrics: { record: () => undefined } },
    });
    let correct = 0;
    for (const [n, text] of texts.entries()) {
      const step = await refineTags(
        { inference, requestId: `t${n}`, alias: 'fast', mode },
        text,
        fromHistory[n] as (typeof fromHistory)[number],
        history.examples,
      );
      if (step.output.assignmentGroup?.value === test[n]?.group) correct += 1;
    }
    paths[path] = {
      modelCalls: ledger.calls.length,
      tokens: ledger.calls.reduce((s, c) => s + c.inputTokens + c.outputTokens, 0),
      accuracy: correct / test.length,
    };
  }
  return {
    train: train.length,
    test: test.length,
    model: fast.name,
    historyOnly: { accuracy: historyCorrect / test.length },
    paths,
  };
}

/** The figures as printed lines. */
export function describeTagPaths(figures: TagPathFigures | null): string[] {
  if (figures === null) return ['tag step on real tickets: ../shared/data absent, skipped'];
  const { solver, 'all-agents': all } = figures.paths;
  return [
    `tag step on real tickets (it-ticket-assignment-groups, train ${figures.train}, first ${figures.test} held-out; the fast alias answered by ${figures.model}): assignment-group accuracy from history alone ${figures.historyOnly.accuracy.toFixed(3)}; solver ${solver.accuracy.toFixed(3)} with ${solver.modelCalls} model calls (${solver.tokens} tokens), all agents ${all.accuracy.toFixed(3)} with ${all.modelCalls} calls (${all.tokens} tokens): ${((100 * solver.modelCalls) / Math.max(1, all.modelCalls)).toFixed(1)} % of the calls`,
  ];
}

if (process.argv[1]?.endsWith('incident-enrichment-tags.ts')) {
  for (const line of describeTagPaths(await evaluateTagPaths())) console.log(line);
}
