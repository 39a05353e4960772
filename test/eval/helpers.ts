/** Small helpers shared by the eval modules: CSV, a seeded PRNG, macro-F1, the configured model. */
import { type RuntimeConfig, readRuntimeConfig } from '../../lambdas/shared/config';

/** The configured `fast` model: what answers the agents' model steps. */
export interface FastModel {
  /** `provider/modelId`. */
  readonly name: string;
  /** Its price in the configured price table, US dollars per million tokens. */
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
}

/**
 * The runtime configuration the environment gives (MODEL_ALIASES, PRICE_TABLE, provider
 * settings; every alias offline when unset) and the model its `fast` alias names.
 */
export function configuredModels(env: Readonly<Record<string, string | undefined>>): {
  config: RuntimeConfig;
  fast: FastModel;
} {
  const config = readRuntimeConfig(env);
  const alias = config.inference.aliases.fast;
  if (alias === undefined) throw new Error('MODEL_ALIASES has no "fast" alias: the agents ask the model through it.');
  const price = config.inference.prices[alias.modelId] ?? { inputUsdPerMTok: 0, outputUsdPerMTok: 0 };
  return { config, fast: { name: `${alias.provider}/${alias.modelId}`, ...price } };
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, newlines in quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function macroF1(truth: readonly string[], predicted: readonly string[]): number {
  const labels = [...new Set(truth)];
  const f1s = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (p === label && t === label) tp += 1;
      else if (p === label) fp += 1;
      else if (t === label) fn += 1;
    });
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return f1s.reduce((a, b) => a + b, 0) / labels.length;
}

/** A seeded shuffle (Fisher–Yates over mulberry32). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Where the shared data sets live (read in place, never copied). */
export const SHARED_DATA = new URL('../../../shared/data/', import.meta.url).pathname;
