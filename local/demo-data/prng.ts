import { createHash } from 'node:crypto';

/**
 * Seeded randomness for the demo dataset: mulberry32, a small fast 32-bit generator.
 * The same seed gives the same sequence on every machine; nothing here reads the clock
 * or Math.random.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One element, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A new array in random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator for one part of the dataset, so parts don't shift each other. */
  fork(label: string): Rng;
}

/** A generator seeded with a 32-bit integer. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('Cannot pick from an empty list.');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (items) => {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      return (items[items.length - 1] as (typeof items)[number])[0];
    },
    shuffle: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i -= 1) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j] as (typeof copy)[number], copy[i] as (typeof copy)[number]];
      }
      return copy;
    },
    fork: (label) => createRng(deriveSeed(seed, label)),
  };
  return rng;
}

/** A 32-bit seed derived from a parent seed and a label. */
export function deriveSeed(seed: number, label: string): number {
  return createHash('sha256').update(`${seed}:${label}`).digest().readUInt32LE(0);
}

/** A ServiceNow-style sys_id (32 hex characters) derived from the seed, a table and a key. */
export function deriveSysId(seed: number, table: string, key: string): string {
  return createHash('sha256').update(`${seed}:${table}:${key}`).digest('hex').slice(0, 32);
}

/** Fills `{slot}` placeholders; an unknown slot is an error in the template, so it throws. */
export function fillTemplate(template: string, slots: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`Demo template slot {${name}} has no value in: ${template}`);
    return value;
  });
}
