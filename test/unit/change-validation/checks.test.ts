/** biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON replies and ASL states field by field. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { type CheckContext, DETERMINISTIC_CHECKS } from '../../../lambdas/change-validation/deterministic-checks';
import { executionName } from '../../../lambdas/change-validation/execution-name';
import { decideVerdict, storedVerdict } from '../../../lambdas/change-validation/phase-transition';
import { ruleApplies } from '../../../lambdas/change-validation/rule-extractor';
import { toStepFunctionsError } from '../../../lambdas/change-validation/step-errors';
import { AppError } from '../../../lambdas/shared/errors';
import {
  type ChangeRequest,
  ChangeRequestSchema,
  type ValidationRule,
  ValidationRuleSchema,
} from '../../../lambdas/shared/records';

const NOW = new Date('2026-11-01T00:00:00Z');
const context = (overrides: Partial<CheckContext> = {}): CheckContext => ({
  now: NOW,
  ciCriticality: null,
  conflicts: [],
  ...overrides,
});

function change(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return ChangeRequestSchema.parse({
    sysId: 'a'.repeat(32),
    number: 'CHG0030001',
    shortDescription: 'Upgrade oms-db-prd to 19.24',
    description: 'Upgrade the OMS database to 19.24 during the weekend window; users of OMS will see a short outage.',
    type: 'normal',
    state: 'new',
    risk: 'moderate',
    impact: 2,
    startDate: '2026-11-10T22:00:00.000Z',
    endDate: '2026-11-11T02:00:00.000Z',
    sysUpdatedOn: '2026-10-30T10:00:00.000Z',
    ...overrides,
  });
}

function rule(
  kind: string,
  params: Record<string, unknown> = {},
  overrides: Partial<ValidationRule> = {},
): ValidationRule {
  return ValidationRuleSchema.parse({
    id: 'CHG-T-001',
    title: 'Test rule',
    description: 'A rule for tests.',
    severity: 'blocker',
    check: { kind, params },
    ...overrides,
  });
}

const check = (kind: string) => {
  const fn = DETERMINISTIC_CHECKS[kind];
  if (fn === undefined) throw new Error(kind);
  return fn;
};

describe('deterministic checks', () => {
  it.each([
    [
      'required_field passes a filled field',
      'required_field',
      { field: 'backoutPlan' },
      { backoutPlan: 'Restore the backup.' },
      true,
    ],
    ['required_field fails an empty field', 'required_field', { field: 'backoutPlan' }, { backoutPlan: '  ' }, false],
    ['min_length passes a long description', 'min_length', { field: 'description', minChars: 60 }, {}, true],
    [
      'min_length fails a one-liner',
      'min_length',
      { field: 'description', minChars: 60 },
      { description: 'Patch it.' },
      false,
    ],
    ['planned_window passes a future window', 'planned_window', {}, {}, true],
    [
      'planned_window fails a start in the past',
      'planned_window',
      {},
      { startDate: '2026-10-30T22:00:00.000Z', endDate: '2026-10-30T23:00:00.000Z' },
      false,
    ],
    [
      'planned_window fails an end before the start',
      'planned_window',
      {},
      { endDate: '2026-11-10T20:00:00.000Z' },
      false,
    ],
    ['lead_time passes 9 days ahead', 'lead_time', { minHours: { normal: 72 } }, {}, true],
    [
      'lead_time fails 10 hours ahead',
      'lead_time',
      { minHours: { normal: 72 } },
      { startDate: '2026-11-01T10:00:00.000Z', endDate: '2026-11-01T12:00:00.000Z' },
      false,
    ],
    ['freeze_window passes outside the freeze', 'freeze_window', { from: '2026-12-15', to: '2027-01-08' }, {}, true],
    [
      'freeze_window fails inside the freeze',
      'freeze_window',
      { from: '2026-12-15', to: '2027-01-08' },
      { startDate: '2026-12-20T22:00:00.000Z', endDate: '2026-12-20T23:00:00.000Z' },
      false,
    ],
    [
      'max_duration fails a 10-hour window',
      'max_duration',
      { maxHours: 8 },
      { endDate: '2026-11-11T08:00:00.000Z' },
      false,
    ],
    [
      'risk_impact_consistency fails low risk with high impact',
      'risk_impact_consistency',
      {},
      { risk: 'low', impact: 1 },
      false,
    ],
    [
      'risk_impact_consistency passes moderate risk with high impact',
      'risk_impact_consistency',
      {},
      { risk: 'moderate', impact: 1 },
      true,
    ],
  ] as const)('%s', (_name, kind, params, fields, passed) => {
    // act
    const outcome = check(kind)(rule(kind, params), change(fields as Partial<ChangeRequest>), context());
    // assert
    expect(outcome.passed).toBe(passed);
    expect(outcome.decided).toBe(true);
  });

  it('names the ServiceNow field and writes a Spanish message for a Spanish change', () => {
    // act
    const outcome = check('required_field')(
      rule('required_field', { field: 'backoutPlan' }),
      change({ backoutPlan: '', language: 'es' }),
      context(),
    );
    // assert
    expect(outcome).toMatchObject({ field: 'backout_plan', passed: false });
    expect(outcome.message).toMatch(/Plan de marcha atrás está vacío/);
  });

  it('fails ci_conflict naming the overlapping change', () => {
    // act
    const outcome = check('ci_conflict')(
      rule('ci_conflict'),
      change(),
      context({ conflicts: [{ number: 'CHG0030009', startDate: 'x', endDate: 'y' }] }),
    );
    // assert
    expect(outcome.passed).toBe(false);
    expect(outcome.message).toContain('CHG0030009');
  });
});

describe('rule scope', () => {
  it.each([
    [{}, true],
    [{ types: ['emergency'] }, false],
    [{ types: ['normal'], environments: ['production'] }, false],
    [{ ciClasses: ['cmdb_ci_db_ora_instance'] }, true],
  ] as const)('applies %j → %s', (appliesTo, expected) => {
    expect(
      ruleApplies(
        rule('x', {}, { appliesTo: appliesTo as ValidationRule['appliesTo'] }),
        change({ environment: 'test' }),
        'cmdb_ci_db_ora_instance',
      ),
    ).toBe(expected);
  });
});

describe('verdict', () => {
  it.each([
    [{ evaluated: 5, failedBlockers: 1, failedWarnings: 0, undecidedBlockers: 1 }, 'needs_changes', 'fail'],
    [{ evaluated: 5, failedBlockers: 0, failedWarnings: 0, undecidedBlockers: 1 }, 'needs_review', 'review'],
    [{ evaluated: 5, failedBlockers: 0, failedWarnings: 2, undecidedBlockers: 0 }, 'ready', 'warn'],
    [{ evaluated: 5, failedBlockers: 0, failedWarnings: 0, undecidedBlockers: 0 }, 'ready', 'pass'],
  ] as const)('decides %j as %s', (counts, verdict, stored) => {
    expect(decideVerdict(counts)).toBe(verdict);
    expect(storedVerdict(verdict, counts)).toBe(stored);
  });
});

describe('execution name', () => {
  it('derives the name from the change number and sys_mod_count', () => {
    expect(executionName({ number: 'CHG0030001', sys_updated_on: '2026-11-01 10:00:00', sys_mod_count: '7' })).toBe(
      'CHG0030001-v7',
    );
  });
  it('falls back to sys_updated_on, keeping to the characters Step Functions allows', () => {
    expect(executionName({ number: { value: 'CHG0030001' }, sys_updated_on: '2026-11-01 10:00:00' })).toBe(
      'CHG0030001-20261101100000',
    );
  });
});

describe('step errors', () => {
  it.each([
    [new AppError('UNAVAILABLE', 'down'), 'Switchyard.UNAVAILABLE'],
    [new AppError('VALIDATION_FAILED', 'bad'), 'Switchyard.VALIDATION_FAILED'],
    [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'Switchyard.UNAVAILABLE'],
    [new TypeError('bug'), 'Switchyard.INTERNAL'],
  ])('names %s as %s', (error, name) => {
    expect(toStepFunctionsError(error).name).toBe(name);
  });
});

type AslValidator = (
  definition: unknown,
  options?: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errorsText: (s?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

describe('state-machines/change-validation.asl.json', () => {
  const asl = JSON.parse(
    readFileSync(new URL('../../../state-machines/change-validation.asl.json', import.meta.url), 'utf8'),
  ) as {
    TimeoutSeconds: number;
    States: Record<string, Record<string, any>>;
  };

  it('is valid Amazon States Language (asl-validator)', () => {
    const result = aslValidator(asl, { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('names a state after each agent, each retried on transient errors and caught into the review path', () => {
    for (const name of ['RuleExtractor', 'ContentValidator', 'AimModelAnalyst', 'PhaseTransition']) {
      const state = asl.States[name] as Record<string, any>;
      expect(state.Resource).toBe('arn:aws:states:::lambda:invoke');
      expect(state.Retry[0].ErrorEquals).toEqual(
        expect.arrayContaining(['Lambda.TooManyRequestsException', 'Switchyard.UNAVAILABLE']),
      );
      expect(state.Retry[0]).toMatchObject({ BackoffRate: 2, MaxAttempts: 3 });
      expect(state.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'NeedsHumanReview' }]);
      expect(state.TimeoutSeconds).toBeGreaterThan(0);
    }
    expect(asl.TimeoutSeconds).toBeGreaterThan(0);
  });
});
