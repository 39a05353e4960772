import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tagClassifierFromState } from '../../lambdas/tag-classifier/classifier';
import { trainTagModel } from '../../lambdas/tag-classifier/history';
import { decodeTagModel, encodeTagModel } from '../../lambdas/tag-classifier/model-state';
import { trainTagModelOnThread } from '../../local/tag-model-training';
import { ASSIGNMENT_TICKETS, readGroupTickets, splitTickets } from '../eval/tag-classifier';
import { type Bench, printTable, readIntegerFlags } from './bench';

// This thread's CPU only (process.cpuUsage would add the training thread's).
const threadCpu = () => process.threadCpuUsage();
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.threadCpuUsage(since);
  return (used.user + used.system) / 1000;
};
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * What a Tag Classifier function pays before its first classification: training on the
 * history (before the stored models) against loading the newest stored model (decode and
 * rebuild); the artifact's size; whether the loaded model classifies every held-out
 * ticket exactly as the trained one; and how long the calling thread is blocked when the
 * local runtime trains on a worker thread instead of its own.
 */
export const tagModelBench: Bench = {
  name: 'tag-model',
  description:
    'Tag Classifier: train vs load a stored model (real tickets), artifact size, training off the HTTP thread',
  async run(args) {
    const { history: size, seed, rounds } = readIntegerFlags(args, { history: 5000, seed: 1, rounds: 3 });
    if (!existsSync(ASSIGNMENT_TICKETS)) {
      console.log(`skipped: ${ASSIGNMENT_TICKETS} is not there`);
      return;
    }
    const { train, test } = splitTickets(readGroupTickets(), seed);
    const history = train.slice(0, size).map((t) => ({ ...t, assignmentGroup: t.group }));
    console.log(
      `history ${history.length} tickets (seed ${seed} training part), ${test.length} held out; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );

    // Before: the first classification after a cold start waited for this, on the request's thread.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // The monitor's timer must have fired once before the block it is to see.
    await new Promise((resolve) => setTimeout(resolve, 30));
    let started = threadCpu();
    const { trained, model } = trainTagModel(history);
    const trainMs = cpuMs(started);
    await new Promise((resolve) => setTimeout(resolve, 20));
    delay.disable();
    const blockedInlineMs = delay.max / 1e6;
    started = threadCpu();
    const bytes = encodeTagModel(model);
    const encodeMs = cpuMs(started);

    // After: one SELECT's bytes decoded and the classifier rebuilt.
    const decodes: number[] = [];
    const rebuilds: number[] = [];
    let loaded = tagClassifierFromState(decodeTagModel(bytes).classifier);
    for (let round = 0; round < rounds; round += 1) {
      started = threadCpu();
      const stored = decodeTagModel(bytes);
      decodes.push(cpuMs(started));
      started = threadCpu();
      loaded = tagClassifierFromState(stored.classifier);
      rebuilds.push(cpuMs(started));
    }
    const identical = test.filter(
      (t) => JSON.stringify(loaded.classify(t)) === JSON.stringify(trained.classifier.classify(t)),
    ).length;

    // Locally: the same training on a worker thread while this thread keeps its timers.
    const threadDelay = monitorEventLoopDelay({ resolution: 10 });
    threadDelay.enable();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const wallStart = performance.now();
    started = threadCpu();
    const threadBytes = await trainTagModelOnThread(history);
    const threadWallMs = performance.now() - wallStart;
    threadDelay.disable();

    printTable(
      ['measure', 'value'],
      [
        ['train (CPU, the old cold start)', `${(trainMs / 1000).toFixed(2)} s`],
        ['  event loop blocked (max delay)', `${(blockedInlineMs / 1000).toFixed(2)} s`],
        ['encode (CPU)', `${encodeMs.toFixed(0)} ms`],
        ['artifact (gzip)', `${(bytes.length / 1e6).toFixed(2)} MB`],
        [`decode (CPU, median of ${rounds})`, `${median(decodes).toFixed(0)} ms`],
        [`rebuild (CPU, median of ${rounds})`, `${median(rebuilds).toFixed(0)} ms`],
        ['load = decode + rebuild (the new cold start)', `${(median(decodes) + median(rebuilds)).toFixed(0)} ms`],
        ['held-out tickets classified identically', `${identical} / ${test.length}`],
        ['worker-thread training (wall)', `${(threadWallMs / 1000).toFixed(2)} s`],
        ['  this thread meanwhile: CPU', `${cpuMs(started).toFixed(0)} ms`],
        ['  this thread meanwhile: max event-loop delay', `${(threadDelay.max / 1e6).toFixed(0)} ms`],
        ['  same bytes as in-thread training', String(Buffer.from(threadBytes).equals(bytes))],
      ],
    );
    console.log(
      `load after: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  },
};
