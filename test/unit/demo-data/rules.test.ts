import { describe, expect, it } from 'vitest';
import { CHANGE_MODEL_SPECS, generateDemoDataset, yearEndFreeze } from '../../../local/demo-data';

const KNOWN_CHECKS = [
  'required_field',
  'min_length',
  'lead_time',
  'planned_window',
  'freeze_window',
  'ci_conflict',
  'risk_impact_consistency',
  'max_duration',
  'semantic',
];

describe('the demo change policy', () => {
  const { validationRules: rules, changeModels } = generateDemoDataset({ incidents: 0, changeRequests: 0 });

  it('has about 25 rules of known check kinds, blockers and warnings', () => {
    expect(rules.length).toBeGreaterThanOrEqual(25);
    for (const rule of rules) expect(KNOWN_CHECKS, rule.id).toContain(rule.check.kind);
    expect(new Set(rules.map((rule) => rule.severity))).toEqual(new Set(['blocker', 'warning']));
  });

  it.each([
    ['required_field', 'field'],
    ['min_length', 'minChars'],
    ['lead_time', 'minHours'],
    ['freeze_window', 'from'],
    ['semantic', 'question'],
  ])('gives every %s rule its %s parameter', (kind, param) => {
    const ofKind = rules.filter((rule) => rule.check.kind === kind);
    expect(ofKind.length).toBeGreaterThan(0);
    for (const rule of ofKind) expect(rule.check.params, rule.id).toHaveProperty(param);
  });

  it('writes a policy passage for each rule, some with a Spanish sentence', () => {
    for (const rule of rules) expect(rule.description.length, rule.id).toBeGreaterThan(80);
    expect(
      rules.filter((rule) => /marcha atrás|cambios|emergencia/.test(rule.description)).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('scopes model-specific rules to models of the catalogue', () => {
    // arrange
    const ids = new Set(changeModels.map((model) => model.sysId));
    const scoped = rules.filter((rule) => rule.appliesTo.changeModels !== undefined);
    // assert
    expect(scoped.length).toBeGreaterThan(0);
    for (const rule of scoped) for (const id of rule.appliesTo.changeModels ?? []) expect(ids.has(id)).toBe(true);
  });

  it('offers only active models with a technology family and objective, and keeps a retired one', () => {
    expect(changeModels).toHaveLength(CHANGE_MODEL_SPECS.length);
    expect(changeModels.filter((model) => !model.active).map((model) => model.name)).toEqual([
      'Normal - Legacy mainframe batch change',
    ]);
    expect(new Set(changeModels.map((model) => model.changeType))).toEqual(
      new Set(['standard', 'normal', 'emergency']),
    );
  });

  it.each([
    ['2026-11-01T00:00:00Z', '2026-12-15', '2027-01-08'],
    ['2027-01-03T00:00:00Z', '2026-12-15', '2027-01-08'],
    ['2027-01-09T00:00:00Z', '2027-12-15', '2028-01-08'],
  ])('puts the year-end freeze in force at %s from %s to %s', (now, from, to) => {
    // act
    const freeze = yearEndFreeze(Date.parse(now));
    // assert
    expect(new Date(freeze.fromMs).toISOString().slice(0, 10)).toBe(from);
    expect(new Date(freeze.toMs).toISOString().slice(0, 10)).toBe(to);
  });
});
