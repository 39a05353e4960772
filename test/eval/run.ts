/**
 * `npm run eval`: the offline provider on real data from ../shared/data (read in place):
 * classification accuracy / macro-F1 on the assignment-group tickets (seeded 80/20),
 * ranking hit@1 / MRR, slot extraction against the PDI demo records' labels, and the
 * injection detector's false-positive rate on ordinary tickets — the local equivalent
 * of the guardrail's prompt-attack filter.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHashingEmbedder } from '../../lambdas/shared/embeddings';
import { detectInjection, voteNearest } from '../../lambdas/shared/inference';
import { evaluateAccounting } from './accounting';
import { macroF1, mulberry32, parseCsv, SHARED_DATA } from './helpers';
import { describeEnrichmentCost, evaluateEnrichmentCost } from './incident-enrichment-cost';
import { describeTagPaths, evaluateTagPaths } from './incident-enrichment-tags';
import { evaluateRanking, type Ticket } from './ranking';
import { evaluateSlots } from './slots';
import { describeTagClassifier, evaluateTagClassifier, readGroupTickets } from './tag-classifier';

const ASSIGNMENT = join(SHARED_DATA, 'it-ticket-assignment-groups/all_tickets.csv');
const TOPICS = join(SHARED_DATA, 'it-ticket-topic-groups-partial/all_tickets_processed_improved_v3.csv');
if (!existsSync(ASSIGNMENT)) {
  console.log('../shared/data is absent: nothing to evaluate');
  process.exit(0);
}

const k = Number(process.argv[process.argv.indexOf('--k') + 1] || 5) || 5;
// Issue 7: the offline Tag Classifier and similar-incident retrieval on a seeded 80/20 split.
const seed = Number(process.argv[process.argv.indexOf('--seed') + 1] || 42) || 42;
const incidentEvaluation = await evaluateTagClassifier(readGroupTickets(ASSIGNMENT), seed);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(incidentEvaluation, null, 2));
  process.exit(0);
}
for (const line of describeTagClassifier(incidentEvaluation)) console.log(line);
const [, ...rows] = parseCsv(readFileSync(ASSIGNMENT, 'utf8'));
const tickets: Ticket[] = rows
  .filter((r) => r.length >= 4)
  .map((r) => ({ text: (r[2] ?? '').trim(), label: r[3] ?? '' }));
const random = mulberry32(42);
const order = tickets
  .map((t) => ({ t, r: random() }))
  .sort((a, b) => a.r - b.r)
  .map((x) => x.t);
const cut = Math.floor(order.length * 0.8);
const [train, test] = [order.slice(0, cut), order.slice(cut)];
const embedder = createHashingEmbedder({ dimension: 512 });
const trainVectors = await embedder.embed(train.map((t) => t.text));
const testVectors = await embedder.embed(test.map((t) => t.text));
const examples = train.map((t, i) => ({ label: t.label, vector: trainVectors[i] ?? [] }));
const predicted = test.map((_, i) => voteNearest(testVectors[i] ?? [], examples, k, 'GRP_0').label);
const truth = test.map((t) => t.label);
const accuracy = truth.filter((t, i) => t === predicted[i]).length / truth.length;

console.log(
  `it-ticket-assignment-groups: ${tickets.length} tickets, train ${train.length}, test ${test.length}, seed 42, k ${k}`,
);
console.log(
  `offline kNN (hashing embedder, 512): accuracy ${accuracy.toFixed(3)}, macro-F1 ${macroF1(truth, predicted).toFixed(3)}`,
);
console.log('reference: majority 0.453 / 0.011, tf-idf kNN (k=5) 0.638 / 0.342');

console.log(await evaluateRanking(train, test));
for (const line of evaluateSlots()) console.log(line);
console.log(await evaluateAccounting());
// Issue 7: the Smart Solver against all five agents every time (model calls, tokens, cost, tag accuracy).
for (const line of describeEnrichmentCost(await evaluateEnrichmentCost({ seed }))) console.log(line);
for (const line of describeTagPaths(await evaluateTagPaths(seed))) console.log(line);

// The guardrail-local equivalent: how many ordinary tickets the injection containment flags.
const ordinary: Array<{ set: string; text: string }> = tickets.map((t) => ({ set: 'assignment-groups', text: t.text }));
if (existsSync(TOPICS)) {
  const [, ...topicRows] = parseCsv(readFileSync(TOPICS, 'utf8'));
  for (const r of topicRows) if (r[0] !== undefined && r[0] !== '') ordinary.push({ set: 'topic-groups', text: r[0] });
}
for (const set of [...new Set(ordinary.map((o) => o.set))]) {
  const texts = ordinary.filter((o) => o.set === set);
  const flagged = texts.filter((t) => detectInjection(t.text).flagged);
  console.log(
    `injection containment on ordinary tickets (${set}): ${flagged.length} of ${texts.length} flagged (false-positive rate ${((100 * flagged.length) / texts.length).toFixed(2)}%)`,
  );
  for (const t of flagged.slice(0, 3))
    console.log(`  flagged: ${t.text.slice(0, 100)} [${detectInjection(t.text).matches.join(', ')}]`);
}
