import { performance } from 'node:perf_hooks';
import { incidentEmbeddingText } from '../../etl/transform/embedding-text';
import { createEmbedder } from '../../lambdas/shared/embeddings/embedder';
import { generateDemoDataset } from '../../local/demo-data';
import { type Bench, fixed, percentile, printTable, readIntegerFlags } from './bench';

/**
 * Throughput of the offline feature-hashing embedder on the demo incidents' embedding
 * texts (English and Spanish), at each dimension the configuration allows.
 */

const DEFAULTS = { incidents: 600, rounds: 10, batch: 64 };

export const embedderBench: Bench = {
  name: 'embedder',
  description: 'offline feature-hashing embedder: texts per second on the demo incidents',
  run: async (args) => {
    const flags = readIntegerFlags(args, DEFAULTS);
    const texts = generateDemoDataset({ incidents: flags.incidents }).incidents.map(incidentEmbeddingText);
    const meanChars = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
    console.log(`${texts.length} texts, mean ${fixed(meanChars, 0)} characters, batches of ${flags.batch}`);

    const rows: string[][] = [];
    for (const dimension of [256, 512, 1024]) {
      const embedder = createEmbedder({ provider: 'offline', modelId: 'offline', dimension });
      const rates: number[] = [];
      for (let round = 0; round < flags.rounds; round++) {
        const started = performance.now();
        for (let start = 0; start < texts.length; start += flags.batch) {
          await embedder.embed(texts.slice(start, start + flags.batch));
        }
        rates.push(texts.length / ((performance.now() - started) / 1000));
      }
      rows.push([String(dimension), fixed(percentile(rates, 0.5), 0), fixed(Math.max(...rates), 0)]);
    }
    printTable(['dimension', 'median texts/s', 'best texts/s'], rows);
  },
};
