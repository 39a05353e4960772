/**
 * The Tag Classifier's assignment-group figures over many seeded 80/20 splits, one line
 * per seed, with the CPU time of training and of a classification: the same split,
 * training and scoring as `npm run eval -- --seed N` (accuracy and macro-F1 are those it
 * prints), without the similarity and cost reports. Run it only after the settings were
 * chosen on inner cross-validation (test/eval/tag-classifier-tuning.ts): it reads test parts.
 *
 *   npx tsx test/eval/tag-classifier-seeds.ts [--seeds 1,2,3,4,5,6,7,8,9,10,11,12,42,1234,2026] [--options '{...}']
 */
import { type TagClassifierOptions, trainTagClassifier } from '../../lambdas/tag-classifier';
import { macroF1 } from './helpers';
import { readGroupTickets, splitTickets } from './tag-classifier';

const argument = (name: string, fallback: string) =>
  process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] ?? fallback) : fallback;
const seeds = argument('--seeds', '1,2,3,4,5,6,7,8,9,10,11,12,42,1234,2026').split(',').map(Number);
const options = JSON.parse(argument('--options', '{}')) as TagClassifierOptions;
const tickets = readGroupTickets();
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const rows = seeds.map((seed) => {
  const { train, test } = splitTickets(tickets, seed);
  const trainStart = process.cpuUsage();
  const classifier = trainTagClassifier(
    train.map((t) => ({ ...t, assignmentGroup: t.group })),
    options,
  );
  const trainMs = cpuMs(trainStart);
  const classifyStart = process.cpuUsage();
  const predicted = test.map((t) => classifier.classify(t).assignmentGroup?.value ?? '');
  const classifyMs = cpuMs(classifyStart) / test.length;
  const truth = test.map((t) => t.group);
  const row = {
    seed,
    // Rounded to 4 decimals as evaluateAssignment does, so the 3-decimal figures are those npm run eval prints.
    accuracy: round(truth.filter((t, i) => t === predicted[i]).length / truth.length),
    macroF1: round(macroF1(truth, predicted)),
    trainMs,
    classifyMs,
  };
  console.log(
    `seed ${seed}: accuracy ${row.accuracy.toFixed(3)} (${row.accuracy}), macro-F1 ${row.macroF1.toFixed(3)} (${row.macroF1}); train ${(trainMs / 1000).toFixed(1)} s CPU, classify ${classifyMs.toFixed(2)} ms CPU per ticket`,
  );
  return row;
});

const summary = (values: readonly number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)} (mean ${mean.toFixed(3)}, sd ${sd.toFixed(3)})`;
};
console.log(`${seeds.length} seeds: accuracy ${summary(rows.map((r) => r.accuracy))}`);
console.log(`${seeds.length} seeds: macro-F1 ${summary(rows.map((r) => r.macroF1))}`);
console.log(
  `below the target (accuracy ≥ 0.68 and macro-F1 ≥ 0.40): ${
    rows
      .filter((r) => r.accuracy < 0.68 || r.macroF1 < 0.4)
      .map((r) => `seed ${r.seed}`)
      .join(', ') || 'none'
  }`,
);

function round(value: number): number {
  return Number(value.toFixed(4));
}
