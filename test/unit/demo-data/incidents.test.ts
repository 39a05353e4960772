import { beforeAll, describe, expect, it } from 'vitest';
import type { ChangeRequest, Incident } from '../../../lambdas/shared/records';
import { type DemoDataset, generateDemoDataset } from '../../../local/demo-data';
import { DAY_MS, DEFAULT_NOW, HOUR_MS } from '../../../local/demo-data/time';

const NOW_MS = DEFAULT_NOW.getTime();
const CHANGE_NUMBER = /CHG\d{7}/g;

describe('the demo incidents', () => {
  let dataset: DemoDataset;
  let changesByNumber: Map<string, ChangeRequest>;

  beforeAll(() => {
    dataset = generateDemoDataset();
    changesByNumber = new Map(dataset.changeRequests.map((change) => [change.number, change]));
  });

  it('names as cause only a change on the same CI that ended before the incident opened', () => {
    // arrange
    const citing = dataset.incidents.filter((incident) => CHANGE_NUMBER.test(textOf(incident)));
    // assert
    expect(citing.length).toBeGreaterThanOrEqual(15);
    for (const incident of citing) {
      for (const number of textOf(incident).match(CHANGE_NUMBER) ?? []) {
        const change = changesByNumber.get(number);
        expect(change, `${incident.number} cites ${number}`).toBeDefined();
        expect(change?.cmdbCi).toBe(incident.cmdbCi);
        expect(Date.parse(change?.endDate ?? '')).toBeLessThan(Date.parse(incident.openedAt));
        expect(Date.parse(incident.openedAt) - Date.parse(change?.endDate ?? '')).toBeLessThan(DAY_MS);
      }
    }
  });

  it('has clusters of open incidents about one event: same CI, within an hour', () => {
    // arrange
    const open = dataset.incidents.filter((incident) => ['new', 'in_progress', 'on_hold'].includes(incident.state));
    const byCi = new Map<string, Incident[]>();
    for (const incident of open) {
      if (incident.cmdbCi !== null) byCi.set(incident.cmdbCi, [...(byCi.get(incident.cmdbCi) ?? []), incident]);
    }
    // act
    const clusters = [...byCi.values()].filter((group) => {
      const times = group.map((incident) => Date.parse(incident.openedAt)).sort((a, b) => a - b);
      return times.some((start, i) => (times[i + 2] ?? Number.POSITIVE_INFINITY) - start <= HOUR_MS);
    });
    // assert
    expect(clusters.length).toBeGreaterThanOrEqual(5);
  });

  it('spreads incidents over the last 180 days, never after now', () => {
    // act
    const opened = dataset.incidents.map((incident) => Date.parse(incident.openedAt));
    // assert
    expect(Math.min(...opened)).toBeGreaterThanOrEqual(NOW_MS - 180 * DAY_MS);
    expect(Math.min(...opened)).toBeLessThan(NOW_MS - 150 * DAY_MS);
    expect(Math.max(...opened)).toBeLessThanOrEqual(NOW_MS);
    for (const incident of dataset.incidents) {
      expect(Date.parse(incident.sysUpdatedOn)).toBeGreaterThanOrEqual(Date.parse(incident.openedAt));
      expect(Date.parse(incident.sysUpdatedOn)).toBeLessThanOrEqual(NOW_MS);
    }
  });

  it('resolves closed incidents with notes and leaves open ones without', () => {
    for (const incident of dataset.incidents) {
      const done = incident.state === 'resolved' || incident.state === 'closed';
      expect(incident.closeNotes !== null, incident.number).toBe(done);
      expect(incident.closeCode !== null, incident.number).toBe(done);
      expect(incident.resolvedAt !== null, incident.number).toBe(done);
      if (incident.resolvedAt !== null) {
        expect(Date.parse(incident.resolvedAt)).toBeGreaterThan(Date.parse(incident.openedAt));
      }
    }
  });

  it('derives priority from impact and urgency as ServiceNow does', () => {
    for (const incident of dataset.incidents) {
      expect(incident.priority).toBe(Math.min(5, incident.impact + incident.urgency - 1));
    }
  });

  it('files each symptom under one category and each symptom on a CI with one group', () => {
    // arrange
    const categories = new Map<string, Set<string | null>>();
    const groups = new Map<string, Set<string | null>>();
    for (const incident of dataset.incidents) {
      const sub = `${incident.subcategory}`;
      categories.set(sub, (categories.get(sub) ?? new Set()).add(incident.category));
      const key = `${incident.subcategory}@${incident.cmdbCi}`;
      groups.set(key, (groups.get(key) ?? new Set()).add(incident.assignmentGroup));
    }
    // assert
    for (const [sub, set] of categories) expect(set.size, sub).toBe(1);
    for (const [key, set] of groups) expect(set.size, key).toBe(1);
    expect(categories.size).toBeGreaterThanOrEqual(20);
  });

  it('states the business service of the CI', () => {
    const withCi = dataset.incidents.filter((incident) => incident.cmdbCi !== null);
    expect(withCi.filter((incident) => incident.businessService !== null).length / withCi.length).toBeGreaterThan(0.6);
  });
});

function textOf(incident: Incident): string {
  CHANGE_NUMBER.lastIndex = 0;
  return `${incident.description}\n${incident.closeNotes ?? ''}`;
}
