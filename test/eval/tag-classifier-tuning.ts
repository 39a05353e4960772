/**
 * How the Tag Classifier's blend defaults are chosen: K-fold cross-validation INSIDE the
 * training part of the seeded 80/20 split of `npm run eval -- --seed N` (the test part is
 * never read). Per fold, the tf-idf space and the linear model are fitted on the other
 * folds once; every blend setting of the grid is then scored on the held-out fold. The
 * rule: the highest mean accuracy among the settings whose mean
 * macro-F1 is within 0.02 of the best macro-F1 of the grid.
 *
 *   npx tsx test/eval/tag-classifier-tuning.ts --seed 1 [--folds 4] [--linear svm|softmax|both]
 */
import {
  type BlendSettings,
  blendLabelScores,
  blendSettingsOf,
  buildNeighbourIndex,
  DEFAULT_FAMILY_WEIGHTS,
  duplicateTextOf,
  fitTfidf,
  type LinearModelKind,
  trainLinearScorer,
} from '../../lambdas/tag-classifier';
import { macroF1, shuffled } from './helpers';
import { readGroupTickets, splitTickets } from './tag-classifier';

const argument = (name: string, fallback: string) =>
  process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] ?? fallback) : fallback;
const seed = Number(argument('--seed', '1'));
const folds = Number(argument('--folds', '4'));
const linearModel = argument('--linear', 'svm') as LinearModelKind;

const { train } = splitTickets(readGroupTickets(), seed);
const order = shuffled(train, seed * 7919 + 13);
const grid: BlendSettings[] = [];
for (const neighbours of [10, 20, 30])
  for (const similarityPower of [1, 2, 4])
    for (const linearWeight of [0.3, 0.4, 0.5, 0.6, 0.7])
      for (const duplicateWeight of [0, 0.5, 0.7])
        for (const priorCorrection of [0.1, 0.15, 0.2, 0.25])
          grid.push({ neighbours, similarityPower, linearWeight, duplicateWeight, priorCorrection });
const totals = grid.map(() => ({ accuracy: 0, macroF1: 0 }));

for (let fold = 0; fold < folds; fold += 1) {
  const held = order.filter((_, i) => i % folds === fold);
  const fitted = order.filter((_, i) => i % folds !== fold);
  const started = Date.now();
  const tfidf = fitTfidf(fitted, { familyWeights: DEFAULT_FAMILY_WEIGHTS });
  const vectors = fitted.map((t) => tfidf.transform(t));
  const names = [...new Set(fitted.map((t) => t.group))].sort();
  const ids = fitted.map((t) => names.indexOf(t.group));
  const prior = new Float64Array(names.length);
  for (const id of ids) prior[id] = (prior[id] as number) + 1 / ids.length;
  const linear = trainLinearScorer(vectors, ids, names.length, tfidf.dimension, { linearModel });
  const index = buildNeighbourIndex(vectors, tfidf.dimension);
  const twins = new Map<string, Float64Array>();
  fitted.forEach((t, i) => {
    const counts = twins.get(duplicateTextOf(t)) ?? new Float64Array(names.length);
    counts[ids[i] as number] = (counts[ids[i] as number] as number) + 1;
    twins.set(duplicateTextOf(t), counts);
  });
  const queries = held.map((t) => {
    const vector = tfidf.transform(t);
    const neighbours = index.nearest(vector, 30);
    return {
      linear: neighbours.length === 0 ? prior : linear(vector),
      votes: neighbours.map((n) => ({ label: ids[n.index] as number, similarity: n.similarity })),
      twins: twins.get(duplicateTextOf(t)),
    };
  });
  const truth = held.map((t) => t.group);
  grid.forEach((settings, g) => {
    const predicted = queries.map((q) => {
      const scores = blendLabelScores(q.linear, q.votes, q.twins, prior, settings);
      return names[scores.indexOf(Math.max(...scores))] ?? '';
    });
    const total = totals[g] as { accuracy: number; macroF1: number };
    total.accuracy += truth.filter((t, i) => t === predicted[i]).length / truth.length / folds;
    total.macroF1 += macroF1(truth, predicted) / folds;
  });
  console.log(
    `fold ${fold + 1}/${folds}: fitted on ${fitted.length}, held out ${held.length} (${Date.now() - started} ms)`,
  );
}

const rows = grid.map((settings, g) => ({ settings, ...(totals[g] as { accuracy: number; macroF1: number }) }));
const bestF1 = Math.max(...rows.map((r) => r.macroF1));
const chosen = rows.filter((r) => r.macroF1 >= bestF1 - 0.02).sort((a, b) => b.accuracy - a.accuracy)[0];
const defaults = blendSettingsOf();
const current = rows.find((r) => JSON.stringify(r.settings) === JSON.stringify(defaults));
const show = (r: (typeof rows)[number] | undefined) =>
  r === undefined
    ? 'not in the grid'
    : `accuracy ${r.accuracy.toFixed(4)}, macro-F1 ${r.macroF1.toFixed(4)} ${JSON.stringify(r.settings)}`;
console.log(
  `seed ${seed}, ${folds}-fold CV inside the training part (${train.length} tickets), linear model ${linearModel}`,
);
console.log(`chosen by the rule: ${show(chosen)}`);
console.log(`current defaults:   ${show(current)}`);
