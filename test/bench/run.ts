import { parseArgs } from 'node:util';
import type { Bench } from './bench';

/**
 * `npm run bench` runs every benchmark; `npm run bench -- --only vector --rows 5000`
 * runs one, passing it the remaining flags. Add a benchmark by adding a line here.
 */
const BENCHES: Readonly<Record<string, () => Promise<Bench>>> = {
  vector: async () => (await import('./vector')).vectorBench,
  embedder: async () => (await import('./embedder')).embedderBench,
  gateway: async () => (await import('./gateway')).gatewayBench,
  etl: async () => (await import('./etl')).etlBench,
  'change-validation': async () => (await import('./change-validation')).changeValidationBench,
  assistant: async () => (await import('./assistant')).assistantBench,
  'incident-enrichment': async () => (await import('./incident-enrichment')).incidentEnrichmentBench,
  'shared-session': async () => (await import('./shared-session')).sharedSessionBench,
  'model-calls': async () => (await import('./incident-enrichment-model-calls')).modelCallsBench,
  'tag-model': async () => (await import('./tag-model')).tagModelBench,
};

async function main(argv: readonly string[]): Promise<void> {
  const { values, tokens } = parseArgs({
    args: [...argv],
    options: { only: { type: 'string' } },
    strict: false,
    tokens: true,
  });
  // Everything except --only goes to the benchmark(s).
  const rest: string[] = [];
  for (const token of tokens ?? []) {
    if (token.kind === 'option' && token.name === 'only') continue;
    if (token.kind === 'option') rest.push(token.rawName, ...(token.value === undefined ? [] : [token.value]));
    if (token.kind === 'positional') rest.push(token.value);
  }
  const only = typeof values.only === 'string' ? values.only : undefined;
  if (only !== undefined && !(only in BENCHES)) {
    throw new Error(`No benchmark "${only}"; available: ${Object.keys(BENCHES).join(', ')}.`);
  }
  const names = only === undefined ? Object.keys(BENCHES) : [only];
  // The runtime's per-request INFO lines would bury the figures; warnings and errors still
  // show. Set before the benches (and so the shared logger) are imported.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  for (const name of names) {
    const bench = await (BENCHES[name] as () => Promise<Bench>)();
    console.log(`\n=== ${bench.name}: ${bench.description}\n`);
    await bench.run(rest);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
