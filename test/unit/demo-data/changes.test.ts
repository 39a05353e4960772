import { beforeAll, describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../../lambdas/shared/records';
import { CHANGE_FLAWS, type ChangeFlaw } from '../../../local/demo-data/change-flaws';
import { type GeneratedChange, generateChangeRequests } from '../../../local/demo-data/changes';
import { generateCmdb } from '../../../local/demo-data/cmdb';
import { createRng } from '../../../local/demo-data/prng';
import { LEAD_TIME_HOURS, yearEndFreeze } from '../../../local/demo-data/rules';
import { DEFAULT_NOW, HOUR_MS } from '../../../local/demo-data/time';

const NOW_MS = DEFAULT_NOW.getTime();
const FREEZE = yearEndFreeze(NOW_MS);

const startOf = (change: ChangeRequest) => Date.parse(change.startDate ?? '');
const endOf = (change: ChangeRequest) => Date.parse(change.endDate ?? '');

// What validation would find for each planted flaw, checked from the record alone.
const TRIPS: Record<ChangeFlaw, (change: ChangeRequest, all: readonly ChangeRequest[]) => boolean> = {
  missing_backout: (change) => change.backoutPlan.trim() === '',
  short_description: (change) => change.description.trim().length < 60,
  start_in_past: (change) => startOf(change) < NOW_MS,
  end_before_start: (change) => endOf(change) <= startOf(change),
  emergency_without_justification: (change) => change.type === 'emergency' && change.justification.trim() === '',
  missing_test_plan: (change) => change.testPlan.trim() === '',
  risk_impact_mismatch: (change) => change.impact === 1 && change.risk === 'low',
  short_lead_time: (change) => startOf(change) - NOW_MS < LEAD_TIME_HOURS[change.type] * HOUR_MS,
  in_freeze_window: (change) =>
    change.type !== 'emergency' &&
    change.environment === 'production' &&
    startOf(change) < FREEZE.toMs &&
    endOf(change) > FREEZE.fromMs,
  ci_conflict: (change, all) =>
    change.cmdbCi !== null &&
    all.some(
      (other) =>
        other !== change &&
        other.state !== 'canceled' &&
        other.cmdbCi === change.cmdbCi &&
        startOf(other) < endOf(change) &&
        endOf(other) > startOf(change),
    ),
  missing_ci: (change) => change.cmdbCi === null,
};

function generate(seed: number, count: number): GeneratedChange[] {
  const rng = createRng(seed);
  const cmdb = generateCmdb(seed, rng.fork('cmdb'), NOW_MS);
  return generateChangeRequests({
    seed,
    rng: rng.fork('changes'),
    nowMs: NOW_MS,
    count,
    entries: cmdb.entries,
    spanishShare: 0.4,
  });
}

describe('generateChangeRequests', () => {
  let changes: GeneratedChange[];
  let records: ChangeRequest[];

  beforeAll(() => {
    changes = generate(7, 150);
    records = changes.map((change) => change.record);
  });

  it('plants every kind of flaw in a draft (state new)', () => {
    // act
    const planted = new Set(changes.filter((change) => change.flaw !== undefined).map((change) => change.flaw));
    // assert
    expect([...planted].sort()).toEqual([...CHANGE_FLAWS].sort());
    for (const change of changes.filter((c) => c.flaw !== undefined)) expect(change.record.state).toBe('new');
  });

  it.each(CHANGE_FLAWS)('makes a draft with the %s flaw fail its check', (flaw) => {
    // arrange
    const flawed = changes.filter((change) => change.flaw === flaw);
    // assert
    expect(flawed.length).toBeGreaterThan(0);
    for (const change of flawed) expect(TRIPS[flaw](change.record, records), change.record.number).toBe(true);
  });

  it('keeps sound drafts clear of every check', () => {
    // arrange
    const sound = changes.filter((change) => change.record.state === 'new' && change.flaw === undefined);
    // assert
    expect(sound.length).toBeGreaterThan(5);
    for (const change of sound) {
      const tripped = CHANGE_FLAWS.filter((flaw) => TRIPS[flaw](change.record, records));
      expect(tripped, `${change.record.number} ${change.record.shortDescription}`).toEqual([]);
    }
  });

  it('still plants every kind of flaw when only a few changes are asked for', () => {
    // act
    const few = generate(11, 30);
    // assert
    expect(few).toHaveLength(30);
    expect(new Set(few.map((change) => change.flaw).filter(Boolean)).size).toBe(CHANGE_FLAWS.length);
  });

  it('raises each change on a CI its model targets, and an emergency as an emergency', () => {
    for (const { record, entry, modelKey } of changes) {
      if (record.cmdbCi !== null) expect(record.cmdbCi).toBe(entry.ci.sysId);
      if (modelKey.startsWith('emergency') || modelKey === 'security_emergency') expect(record.type).toBe('emergency');
    }
  });

  it.each([1, 7, 22, 39])('puts finished changes in the past and planned ones in the future (seed %i)', (seed) => {
    for (const { record } of generate(seed, 150)) {
      if (['closed', 'review', 'canceled'].includes(record.state)) expect(endOf(record)).toBeLessThan(NOW_MS);
      if (record.state === 'scheduled' || record.state === 'authorize') expect(startOf(record)).toBeGreaterThan(NOW_MS);
      expect(Date.parse(record.sysUpdatedOn)).toBeLessThanOrEqual(NOW_MS);
    }
  });

  it('numbers changes uniquely in the order they were raised', () => {
    // act
    const numbers = records.map((record) => record.number);
    // assert
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual([...numbers].sort());
  });
});
