import { describe, expect, it } from 'vitest';
import { scoreOpenIncidents } from '../../../lambdas/incident-associator';
import { makeIncident, sysId } from '../../fixtures/db/records';

const incident = makeIncident({
  sysId: sysId(1),
  cmdbCi: sysId(9001),
  businessService: 'Billing',
  openedAt: '2025-03-11T12:00:00.000Z',
});
const open = (n: number, overrides = {}) =>
  makeIncident({ sysId: sysId(10 + n), number: `INC00000${10 + n}`, state: 'new', ...overrides });

describe('scoreOpenIncidents', () => {
  it('proposes a major incident when two open incidents on the same CI were opened within the window', () => {
    // Arrange
    const candidates = [
      { incident: open(1, { cmdbCi: sysId(9001), openedAt: '2025-03-11T11:30:00.000Z' }), similarity: 0.6 },
      {
        incident: open(2, { cmdbCi: sysId(9001), businessService: 'Billing', openedAt: '2025-03-11T12:10:00.000Z' }),
        similarity: 0.4,
      },
      { incident: open(3, { cmdbCi: sysId(9005), openedAt: '2025-03-11T12:05:00.000Z' }), similarity: 0.2 },
    ];
    // Act
    const out = scoreOpenIncidents(incident, candidates);
    // Assert
    expect(out.sameEvent.map((s) => s.number)).toEqual(['INC0000012', 'INC0000011']);
    expect(out.majorIncidentCandidate).toBe(true);
    expect(out.sameEvent[0]?.reasons).toContain('same business service');
  });

  it('ignores the incident itself and incidents outside the time window', () => {
    // Arrange
    const candidates = [
      { incident: { ...incident, number: 'INC0000001', shortDescription: 'x' } as never, similarity: 1 },
      { incident: open(4, { cmdbCi: sysId(9001), openedAt: '2025-03-10T12:00:00.000Z' }), similarity: 0.9 },
    ];
    // Act
    const out = scoreOpenIncidents(incident, candidates);
    // Assert
    expect(out.sameEvent).toEqual([]);
    expect(out.majorIncidentCandidate).toBe(false);
    expect(out.reason).toBe('no open incident looks like the same event');
  });
});
