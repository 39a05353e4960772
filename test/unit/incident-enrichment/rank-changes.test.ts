import { describe, expect, it } from 'vitest';
import { rankLikelyCauses } from '../../../lambdas/change-associator';
import { makeChangeRequest, sysId } from '../../fixtures/db/records';

const OPENED_AT = '2025-03-11T12:00:00.000Z';
const hoursBefore = (hours: number) => new Date(Date.parse(OPENED_AT) - hours * 3_600_000).toISOString();
const implemented = (n: number, endHoursBefore: number, overrides = {}) =>
  makeChangeRequest({
    sysId: sysId(100 + n),
    number: `CHG00000${10 + n}`,
    state: 'closed',
    risk: 'low',
    startDate: hoursBefore(endHoursBefore + 1),
    endDate: hoursBefore(endHoursBefore),
    ...overrides,
  });

describe('rankLikelyCauses', () => {
  it('ranks a change on the same CI an hour earlier above older and related-CI changes', () => {
    // Arrange
    const candidates = [
      { change: implemented(1, 30), relation: 'same_ci' as const },
      { change: implemented(2, 1), relation: 'same_ci' as const },
      { change: implemented(3, 1), relation: 'related_ci' as const, relationshipType: 'Runs on::Runs' },
    ];
    // Act
    const ranked = rankLikelyCauses(OPENED_AT, candidates, 72);
    // Assert
    expect(ranked.map((r) => r.number)).toEqual(['CHG0000012', 'CHG0000013', 'CHG0000011']);
    expect(ranked[0]?.reasons).toEqual([
      '1.0 h before the incident was opened',
      'made on the incident’s configuration item',
    ]);
    expect(ranked[1]?.reasons).toContain('made on a related configuration item (Runs on::Runs)');
  });

  it.each([
    ['after the incident', implemented(4, -2)],
    ['outside the window', implemented(5, 100)],
    ['never implemented', implemented(6, 1, { state: 'scheduled' })],
    ['canceled', implemented(7, 1, { state: 'canceled' })],
  ])('leaves out a change %s', (_, change) => {
    // Act
    const ranked = rankLikelyCauses(OPENED_AT, [{ change, relation: 'same_ci' }], 72);
    // Assert
    expect(ranked).toEqual([]);
  });

  it('counts a change still being implemented from its start and says so', () => {
    // Arrange
    const change = implemented(8, -1, { state: 'implement', startDate: hoursBefore(0.5) });
    // Act
    const [cause] = rankLikelyCauses(OPENED_AT, [{ change, relation: 'same_ci' }], 72);
    // Assert
    expect(cause?.hoursBeforeIncident).toBe(0.5);
    expect(cause?.reasons).toContain('still being implemented');
  });
});
