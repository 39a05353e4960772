import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOUR_MS } from './time';

/** The file in the local data folder that remembers which moment the demo dataset is "as of". */
export const DEMO_ANCHOR_FILE = 'switchyard-demo-anchor.json';

/** Where the demo dataset's reference moment comes from. */
export interface DemoAnchorOptions {
  /**
   * The local data folder: the anchor is read from it, or written there on first
   * start, so a restart regenerates the same records and the ETL reads nothing new.
   * @default undefined — in memory: the current hour, not remembered
   */
  readonly dataDir?: string;
  /** Take a new anchor (the current hour) even when one is remembered, e.g. on a reseed. @default false */
  readonly renew?: boolean;
  /** @default the wall clock */
  readonly now?: () => Date;
}

/**
 * The moment the local demo dataset is generated "as of": the current time rounded down
 * to the hour, so drafts are planned days ahead of the real clock that validates them.
 * With a data folder it is remembered there on first start and reused after.
 */
export async function demoAnchor(options: DemoAnchorOptions = {}): Promise<Date> {
  const now = (options.now ?? (() => new Date()))();
  const fresh = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  if (options.dataDir === undefined) return fresh;
  const file = join(options.dataDir, DEMO_ANCHOR_FILE);
  if (options.renew !== true) {
    const remembered = await readAnchor(file);
    if (remembered !== undefined) return remembered;
  }
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify({ asOf: fresh.toISOString() }, null, 2)}\n`);
  return fresh;
}

async function readAnchor(file: string): Promise<Date | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const asOf = new Date(String((JSON.parse(text) as { asOf?: unknown }).asOf));
  if (Number.isNaN(asOf.getTime()))
    throw new Error(`${file} does not hold a valid "asOf" date; delete it (or start with --reseed) to take a new one.`);
  return asOf;
}
