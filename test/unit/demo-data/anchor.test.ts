import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ANCHOR_FILE, demoAnchor } from '../../../local/demo-data/anchor';

const at = (iso: string) => () => new Date(iso);

describe('the demo dataset anchor', () => {
  let dir: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'switchyard-anchor-')), 'pgdata');
  });
  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('is the current hour when nothing is remembered (in memory)', async () => {
    // act
    const anchor = await demoAnchor({ now: at('2027-03-04T10:47:12.345Z') });
    // assert
    expect(anchor.toISOString()).toBe('2027-03-04T10:00:00.000Z');
  });

  it('is remembered in the data folder on first start and reused on a restart', async () => {
    // act
    const first = await demoAnchor({ dataDir: dir, now: at('2027-03-04T10:47:00Z') });
    const restart = await demoAnchor({ dataDir: dir, now: at('2027-03-09T18:05:00Z') });
    // assert
    expect(first.toISOString()).toBe('2027-03-04T10:00:00.000Z');
    expect(restart.toISOString()).toBe(first.toISOString());
    expect(JSON.parse(await readFile(join(dir, DEMO_ANCHOR_FILE), 'utf8'))).toEqual({ asOf: first.toISOString() });
  });

  it('takes and remembers a new anchor when renewed (a reseed)', async () => {
    // arrange
    await demoAnchor({ dataDir: dir, now: at('2027-03-04T10:47:00Z') });
    // act
    const renewed = await demoAnchor({ dataDir: dir, renew: true, now: at('2027-03-09T18:05:00Z') });
    const after = await demoAnchor({ dataDir: dir, now: at('2027-03-10T00:00:00Z') });
    // assert
    expect(renewed.toISOString()).toBe('2027-03-09T18:00:00.000Z');
    expect(after.toISOString()).toBe(renewed.toISOString());
  });

  it('names the file when what it remembers is not a date', async () => {
    // arrange
    await demoAnchor({ dataDir: dir });
    await writeFile(join(dir, DEMO_ANCHOR_FILE), '{"asOf":"yesterday-ish"}');
    // act
    const reading = demoAnchor({ dataDir: dir });
    // assert
    await expect(reading).rejects.toThrow(/switchyard-demo-anchor\.json does not hold a valid "asOf" date/);
  });
});
