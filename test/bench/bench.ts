import { parseArgs } from 'node:util';

/** What every benchmark module exports; `run.ts` lists them. */
export interface Bench {
  /** Short name used with `npm run bench -- --only <name>`. */
  readonly name: string;
  readonly description: string;
  /** Runs the benchmark with the command-line arguments meant for it and prints its figures. */
  run(args: readonly string[]): Promise<void>;
}

/** Reads `--name value` integer flags with defaults; unknown flags are an error that names the known ones. */
export function readIntegerFlags<T extends Record<string, number>>(args: readonly string[], defaults: T): T {
  const { values } = parseArgs({
    args: [...args],
    options: Object.fromEntries(Object.keys(defaults).map((name) => [name, { type: 'string' as const }])),
    strict: true,
  });
  const result: Record<string, number> = { ...defaults };
  for (const [name, text] of Object.entries(values)) {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`--${name} must be a non-negative integer; got ${JSON.stringify(text)}.`);
    }
    result[name] = value;
  }
  return result as T;
}

/** The q-quantile (0..1) of a sample, by nearest rank. */
export function percentile(sample: readonly number[], q: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Prints rows as an aligned text table with a header. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Peak resident set size of this process so far, in MiB (PGlite runs in-process, so it counts too). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** A seeded pseudo-random generator (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal sampler over a uniform generator (Box–Muller). */
export function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Formats a number with a fixed number of decimals. */
export function fixed(value: number, decimals = 1): string {
  return value.toFixed(decimals);
}
