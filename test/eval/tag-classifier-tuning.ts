/**
 * How the Tag Classifier's defaults are chosen: K-fold cross-validation INSIDE the
 * training part of the seeded 80/20 splits of `npm run eval -- --seed N` (the test parts
 * are never read). Per seed and fold, the tf-idf space, the neighbour index and one linear
 * SVM per `--epochs` value are fitted on the other folds once; every blend setting of the
 * grid is then scored on the held-out fold. Means are over all seeds' folds. The rule: the
 * highest mean accuracy among the settings whose mean macro-F1 is within 0.02 of the best
 * macro-F1 of the grid; it is applied per epochs value, and the defaults are printed beside.
 *
 *   npx tsx test/eval/tag-classifier-tuning.ts --seeds 1,2,3 [--folds 4] [--linear svm|softmax|both] [--epochs 6,12]
 */
import {
  type BlendSettings,
  blendLabelScores,
  blendSettingsOf,
  buildNeighbourIndex,
  DEFAULT_FAMILY_WEIGHTS,
  duplicateTextOf,
  fitTfidfWithVectors,
  type LinearModelKind,
  type SparseVector,
  trainLinearScorer,
} from '../../lambdas/tag-classifier';
import { macroF1, shuffled } from './helpers';
import { readGroupTickets, splitTickets } from './tag-classifier';

const argument = (name: string, fallback: string) =>
  process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] ?? fallback) : fallback;
const seeds = argument('--seeds', argument('--seed', '1')).split(',').map(Number);
const folds = Number(argument('--folds', '4'));
const linearModel = argument('--linear', 'svm') as LinearModelKind;
const epochsList = argument('--epochs', '6').split(',').map(Number);

const grid: BlendSettings[] = [];
for (const neighbours of [20, 30])
  for (const similarityPower of [2, 4])
    for (const linearWeight of [0.3, 0.4, 0.5])
      for (const duplicateWeight of [0.5, 0.7])
        for (const priorCorrection of [0.15, 0.2, 0.25, 0.3])
          grid.push({ neighbours, similarityPower, linearWeight, duplicateWeight, priorCorrection });
const totals = epochsList.map(() => grid.map(() => ({ accuracy: 0, macroF1: 0 })));
const runs = seeds.length * folds;
const tickets = readGroupTickets();

for (const seed of seeds) {
  const { train } = splitTickets(tickets, seed);
  const order = shuffled(train, seed * 7919 + 13);
  for (let fold = 0; fold < folds; fold += 1) {
    const held = order.filter((_, i) => i % folds === fold);
    const fitted = order.filter((_, i) => i % folds !== fold);
    const started = Date.now();
    const { vectorizer: tfidf, vectors } = fitTfidfWithVectors(fitted, { familyWeights: DEFAULT_FAMILY_WEIGHTS });
    const names = [...new Set(fitted.map((t) => t.group))].sort();
    const ids = fitted.map((t) => names.indexOf(t.group));
    const prior = new Float64Array(names.length);
    for (const id of ids) prior[id] = (prior[id] as number) + 1 / ids.length;
    const index = buildNeighbourIndex(vectors, tfidf.dimension);
    const twins = new Map<string, Float64Array>();
    fitted.forEach((t, i) => {
      const counts = twins.get(duplicateTextOf(t)) ?? new Float64Array(names.length);
      counts[ids[i] as number] = (counts[ids[i] as number] as number) + 1;
      twins.set(duplicateTextOf(t), counts);
    });
    const heldVectors = held.map((t) => tfidf.transform(t));
    const neighbours = heldVectors.map((vector) => index.nearest(vector, 30));
    const truth = held.map((t) => t.group);
    epochsList.forEach((epochs, e) => {
      const linear = trainLinearScorer(vectors, ids, names.length, tfidf.dimension, { linearModel, epochs });
      const queries = held.map((t, q) => {
        const near = neighbours[q] ?? [];
        return {
          linear: near.length === 0 ? prior : linear(heldVectors[q] as SparseVector),
          votes: near.map((n) => ({ label: ids[n.index] as number, similarity: n.similarity })),
          twins: twins.get(duplicateTextOf(t)),
        };
      });
      grid.forEach((settings, g) => {
        const predicted = queries.map((q) => {
          const scores = blendLabelScores(q.linear, q.votes, q.twins, prior, settings);
          return names[scores.indexOf(Math.max(...scores))] ?? '';
        });
        const total = totals[e]?.[g] as { accuracy: number; macroF1: number };
        total.accuracy += truth.filter((t, i) => t === predicted[i]).length / truth.length / runs;
        total.macroF1 += macroF1(truth, predicted) / runs;
      });
    });
    console.log(
      `seed ${seed} fold ${fold + 1}/${folds}: fitted on ${fitted.length}, held out ${held.length} (${Date.now() - started} ms)`,
    );
  }
}

const defaults = blendSettingsOf();
console.log(
  `seeds ${seeds.join(',')}, ${folds}-fold CV inside each training part, linear model ${linearModel}, ${grid.length} blend settings`,
);
epochsList.forEach((epochs, e) => {
  const rows = grid.map((settings, g) => ({ settings, ...(totals[e]?.[g] as { accuracy: number; macroF1: number }) }));
  const bestF1 = Math.max(...rows.map((r) => r.macroF1));
  const chosen = rows.filter((r) => r.macroF1 >= bestF1 - 0.02).sort((a, b) => b.accuracy - a.accuracy)[0];
  const current = rows.find((r) => JSON.stringify(r.settings) === JSON.stringify(defaults));
  const show = (r: (typeof rows)[number] | undefined) =>
    r === undefined
      ? 'not in the grid'
      : `accuracy ${r.accuracy.toFixed(4)}, macro-F1 ${r.macroF1.toFixed(4)} ${JSON.stringify(r.settings)}`;
  console.log(`SVM epochs ${epochs}: chosen by the rule: ${show(chosen)}`);
  console.log(`SVM epochs ${epochs}: current defaults:   ${show(current)}`);
  console.log(`SVM epochs ${epochs}: best macro-F1:      ${show(rows.find((r) => r.macroF1 === bestF1))}`);
});
