import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { detectLanguage } from '../../../lambdas/shared/embeddings/detect-language';
import {
  ChangeModelSchema,
  ChangeRequestSchema,
  CiRelationshipSchema,
  ConfigurationItemSchema,
  IncidentSchema,
  ValidationRuleSchema,
} from '../../../lambdas/shared/records';
import { type DemoDataset, generateDemoDataset } from '../../../local/demo-data';

describe('generateDemoDataset', () => {
  let dataset: DemoDataset;

  beforeAll(() => {
    dataset = generateDemoDataset();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the same records for the same seed', () => {
    expect(generateDemoDataset({ seed: 42, incidents: 120, changeRequests: 40 })).toEqual(
      generateDemoDataset({ seed: 42, incidents: 120, changeRequests: 40 }),
    );
  });

  it('gives different records for a different seed', () => {
    // act
    const other = generateDemoDataset({ seed: 43, incidents: 120, changeRequests: 40 });
    const base = generateDemoDataset({ seed: 42, incidents: 120, changeRequests: 40 });
    // assert
    expect(other.incidents.map((i) => i.sysId)).not.toEqual(base.incidents.map((i) => i.sysId));
    expect(other.incidents.map((i) => i.shortDescription)).not.toEqual(base.incidents.map((i) => i.shortDescription));
  });

  it('does not read the wall clock', () => {
    // arrange
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-03-03T12:00:00Z'));
    // act
    const later = generateDemoDataset({ incidents: 50, changeRequests: 20 });
    vi.useRealTimers();
    // assert
    expect(later).toEqual(generateDemoDataset({ incidents: 50, changeRequests: 20 }));
  });

  it('has the default sizes', () => {
    expect(dataset.incidents).toHaveLength(600);
    expect(dataset.changeRequests).toHaveLength(150);
    expect(dataset.configurationItems.length).toBeGreaterThanOrEqual(75);
    expect(dataset.ciRelationships.length).toBeGreaterThanOrEqual(100);
    expect(dataset.changeModels.length).toBeGreaterThanOrEqual(20);
    expect(dataset.validationRules.length).toBeGreaterThanOrEqual(25);
  });

  it.each([
    [{ incidents: 80, changeRequests: 30 }],
    [{ incidents: 5, changeRequests: 3 }],
    [{ incidents: 0, changeRequests: 0 }],
  ])('honours the sizes asked for: %j', (options) => {
    // act
    const small = generateDemoDataset(options);
    // assert
    expect(small.incidents).toHaveLength(options.incidents);
    expect(small.changeRequests).toHaveLength(options.changeRequests);
  });

  it.each([{ incidents: -1 }, { changeRequests: 2.5 }])('rejects %j', (options) => {
    expect(() => generateDemoDataset(options)).toThrowError(RangeError);
  });

  it('produces records that parse unchanged with their schemas', () => {
    // arrange
    const tables = [
      [ConfigurationItemSchema, dataset.configurationItems],
      [CiRelationshipSchema, dataset.ciRelationships],
      [ChangeModelSchema, dataset.changeModels],
      [ChangeRequestSchema, dataset.changeRequests],
      [IncidentSchema, dataset.incidents],
      [ValidationRuleSchema, dataset.validationRules],
    ] as const;
    // assert
    for (const [schema, records] of tables) {
      for (const record of records) expect(schema.parse(record)).toEqual(record);
    }
  });

  it('gives every record a unique id and number', () => {
    for (const records of [
      dataset.configurationItems,
      dataset.ciRelationships,
      dataset.changeModels,
      dataset.changeRequests,
      dataset.incidents,
    ]) {
      expect(new Set(records.map((record) => record.sysId)).size).toBe(records.length);
    }
    expect(new Set(dataset.incidents.map((i) => i.number)).size).toBe(600);
    expect(new Set(dataset.validationRules.map((rule) => rule.id)).size).toBe(dataset.validationRules.length);
    expect(new Set(dataset.configurationItems.map((ci) => ci.name)).size).toBe(dataset.configurationItems.length);
  });

  it('only points at records that exist', () => {
    // arrange
    const ciIds = new Set(dataset.configurationItems.map((ci) => ci.sysId));
    const modelIds = new Set(dataset.changeModels.map((model) => model.sysId));
    // assert
    for (const rel of dataset.ciRelationships) {
      expect(ciIds.has(rel.parent) && ciIds.has(rel.child), rel.sysId).toBe(true);
    }
    for (const change of dataset.changeRequests) {
      if (change.cmdbCi !== null) expect(ciIds.has(change.cmdbCi), change.number).toBe(true);
      expect(change.chgModel !== null && modelIds.has(change.chgModel), change.number).toBe(true);
    }
    for (const incident of dataset.incidents) {
      if (incident.cmdbCi !== null) expect(ciIds.has(incident.cmdbCi), incident.number).toBe(true);
    }
    for (const rule of dataset.validationRules) {
      for (const model of rule.appliesTo.changeModels ?? []) expect(modelIds.has(model), rule.id).toBe(true);
    }
  });

  it('writes about 40% of incidents and changes in Spanish', () => {
    for (const records of [dataset.incidents, dataset.changeRequests]) {
      const share = records.filter((record) => record.language === 'es').length / records.length;
      expect(share).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(0.5);
    }
  });

  it('labels each ticket with the language its text is written in', () => {
    // act
    const records = [...dataset.incidents, ...dataset.changeRequests];
    const agreeing = records.filter(
      (record) => detectLanguage(`${record.shortDescription}\n${record.description}`).language === record.language,
    );
    // assert
    expect(agreeing.length / records.length).toBeGreaterThan(0.95);
  });

  it('gives every incident a text of its own, so each is its own nearest neighbour', () => {
    const texts = dataset.incidents.map((incident) => `${incident.shortDescription}\n${incident.description}`);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('builds dependency trees: applications run on servers and depend on databases', () => {
    // arrange
    const byId = new Map(dataset.configurationItems.map((ci) => [ci.sysId, ci]));
    const pairs = dataset.ciRelationships.map((rel) => [
      byId.get(rel.parent)?.className,
      rel.type,
      byId.get(rel.child)?.className,
    ]);
    // assert
    expect(pairs).toContainEqual(['cmdb_ci_appl', 'Runs on::Runs', 'cmdb_ci_linux_server']);
    expect(pairs).toContainEqual(['cmdb_ci_appl', 'Depends on::Used by', 'cmdb_ci_db_ora_instance']);
    expect(pairs).toContainEqual(['cmdb_ci_db_postgresql_instance', 'Runs on::Runs', 'cmdb_ci_linux_server']);
    expect(pairs).toContainEqual(['cmdb_ci_service_business', 'Depends on::Used by', 'cmdb_ci_appl']);
    expect(pairs).toContainEqual(['cmdb_ci_linux_server', 'Depends on::Used by', 'cmdb_ci_ip_switch']);
  });
});
