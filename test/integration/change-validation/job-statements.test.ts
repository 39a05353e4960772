import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  beginChangeValidation,
  finishChangeValidation,
  getChangeValidationWithFindings,
  openChangeValidationStep,
  recordChangeValidationStep,
  type StepProgressEntry,
  type ValidationFinding,
} from '../../../lambdas/shared/db/change-validations';
import type { InferenceCallRecord } from '../../../lambdas/shared/inference/accounting';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { sysId } from '../../fixtures/db/records';
import { storedModelCalls, withReferenceCalls } from '../db/reference-model-call-statements';

// The job statements run through migration 016's functions; these pin what each one reads and writes.

const delivery = {
  changeSysId: sysId(7),
  changeNumber: 'CHG0070001',
  sysUpdatedOn: '2025-04-01T09:00:00.000Z',
  correlationId: 'corr-7',
  request: { sys_id: sysId(7), state: '-5', short_description: 'Patch the billing database' },
};

function finding(overrides: Partial<ValidationFinding> = {}): ValidationFinding {
  return {
    ruleId: 'CHG-001',
    severity: 'blocker',
    passed: true,
    field: 'backout_plan',
    message: 'The backout plan says how service is restored.',
    evidence: { kind: 'required_fields', length: 120 },
    ...overrides,
  };
}

function modelCall(over: Partial<InferenceCallRecord> = {}): InferenceCallRecord {
  return {
    requestId: delivery.correlationId,
    agent: 'content-validator',
    alias: 'default',
    provider: 'offline',
    modelId: 'offline-v1',
    operation: 'judge',
    inputHash: 'd'.repeat(64),
    output: { verdict: 'pass' },
    inputTokens: 180,
    outputTokens: 12,
    costUsd: 0,
    latencyMs: 0.7,
    status: 'succeeded',
    error: null,
    guardrail: null,
    day: '2025-04-01',
    ...over,
  };
}

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: 4 });
});
afterAll(async () => {
  await db.stop();
});

describe('change validation job statements', () => {
  beforeEach(async () => {
    await db.pool.query('TRUNCATE change_validations CASCADE');
  });

  it('opens a step on an accepted job: running, one attempt, the catalogues versions, only what was asked read', async () => {
    // arrange
    const { validation } = await beginChangeValidation(db.pool, delivery);
    // act
    const opened = await openChangeValidationStep(
      db.pool,
      validation.id,
      'rule-extractor',
      { status: 'running', startedAt: '2025-04-01T09:00:01.000Z' },
      { request: false, result: false, along: (param) => `(SELECT ${param('CI class')}::text)` },
    );
    const stored = await getChangeValidationWithFindings(db.pool, validation.id);
    // assert
    expect(opened).toMatchObject({ open: true, along: 'CI class', validation: { status: 'running', request: null } });
    expect(opened?.versions.rules).toMatch(/^\d+$/);
    expect(opened?.versions.models).toMatch(/^\d+$/);
    expect(opened?.validation.result).toBeNull();
    expect(opened?.findings).toBeUndefined();
    expect(stored?.result).toEqual({
      steps: { 'rule-extractor': { status: 'running', startedAt: '2025-04-01T09:00:01.000Z', attempts: 1 } },
    });
  });

  it('counts an attempt each time a step starts again, and keeps the attempts when it succeeds', async () => {
    // arrange
    const { validation } = await beginChangeValidation(db.pool, delivery);
    const running = { status: 'running', startedAt: '2025-04-01T09:00:01.000Z' };
    // act
    await openChangeValidationStep(db.pool, validation.id, 'content-validator', running);
    await openChangeValidationStep(db.pool, validation.id, 'content-validator', running);
    await recordChangeValidationStep(db.pool, validation.id, 'content-validator', {
      status: 'succeeded',
      startedAt: running.startedAt,
      summary: { evaluated: 2 },
    });
    const stored = await getChangeValidationWithFindings(db.pool, validation.id);
    // assert
    expect(stored?.result).toMatchObject({
      steps: {
        'content-validator': {
          status: 'succeeded',
          startedAt: running.startedAt,
          summary: { evaluated: 2 },
          attempts: 2,
        },
      },
    });
  });

  it('stores a step’s findings with its progress, and a retry replaces the finding of the same rule', async () => {
    // arrange
    const { validation } = await beginChangeValidation(db.pool, delivery);
    const progress = { status: 'succeeded', startedAt: '2025-04-01T09:00:01.000Z' };
    // act
    await recordChangeValidationStep(
      db.pool,
      validation.id,
      'content-validator',
      progress,
      [],
      [finding(), finding({ ruleId: 'CHG-002', severity: 'warning', passed: false, field: null, evidence: {} })],
    );
    await recordChangeValidationStep(
      db.pool,
      validation.id,
      'content-validator',
      progress,
      [],
      [finding({ passed: false, message: 'The backout plan is missing.' })],
    );
    const stored = await getChangeValidationWithFindings(db.pool, validation.id);
    // assert
    expect(stored?.findings).toEqual([
      finding({ passed: false, message: 'The backout plan is missing.' }),
      finding({ ruleId: 'CHG-002', severity: 'warning', passed: false, field: null, evidence: {} }),
    ]);
  });

  it('returns an ended job whole and untouched, with its findings, and reads no `along`', async () => {
    // arrange
    const { validation } = await beginChangeValidation(db.pool, delivery);
    await recordChangeValidationStep(
      db.pool,
      validation.id,
      'content-validator',
      { status: 'succeeded' },
      [],
      [finding()],
    );
    const ended = await finishChangeValidation(db.pool, validation.id, {
      status: 'completed',
      verdict: 'pass',
      result: { verdict: 'ready' },
    });
    // act
    const opened = await openChangeValidationStep(
      db.pool,
      validation.id,
      'phase-transition',
      { status: 'running', startedAt: '2025-04-01T09:00:05.000Z' },
      { request: false, result: false, along: (param) => `(SELECT ${param('x')}::text)` },
    );
    // assert
    expect(opened?.open).toBe(false);
    expect(opened?.along).toBeUndefined();
    expect(opened?.validation).toEqual(ended);
    expect(opened?.validation.request).toEqual(delivery.request);
    expect(opened?.findings).toEqual([finding()]);
  });

  it('records a step’s held model calls as the CTEs it replaced did (migration 021), with its progress and findings', async () => {
    // arrange
    const calls = (round: number) =>
      [
        modelCall({ inputTokens: 180 + round }),
        modelCall({ operation: 'rank', output: null, status: 'failed', error: 'timeout', day: '2025-03-31' }),
        modelCall({ agent: 'aim-model-analyst', alias: 'premium', costUsd: 0.00002, output: 'texto' }),
        modelCall({ guardrail: { action: 'INTERVENED', policies: ['PII'] }, latencyMs: 12.5 }),
      ].slice(0, 1 + (round % 4));
    const findings = (round: number) => (round % 2 === 0 ? [finding({ ruleId: `CHG-${round}` })] : []);
    const script = async (
      record: (
        id: string,
        progress: StepProgressEntry,
        c: InferenceCallRecord[],
        f: ValidationFinding[],
      ) => Promise<unknown>,
    ) => {
      await db.pool.query('TRUNCATE change_validations, agent_runs, inference_spend CASCADE');
      const { validation } = await beginChangeValidation(db.pool, delivery);
      // Eight rounds: past the calls after which PostgreSQL may switch a function's statements to a generic plan.
      for (let round = 0; round < 8; round++)
        await record(validation.id, { status: 'succeeded', summary: { round } }, calls(round), findings(round));
      const job = await getChangeValidationWithFindings(db.pool, validation.id);
      return { ...(await storedModelCalls(db.pool)), result: job?.result, findings: job?.findings };
    };
    // act
    const before = await script(async (id, progress, c, f) => {
      const statement = withReferenceCalls(
        c,
        [id, 'content-validator', JSON.stringify(progress), f.length === 0 ? null : JSON.stringify(f.map(findingRow))],
        'SELECT change_validation_record_step($1::uuid, $2::text, $3::jsonb, $4::jsonb)',
      );
      return db.pool.query(statement.text, statement.values);
    });
    const after = await script((id, progress, c, f) =>
      recordChangeValidationStep(db.pool, id, 'content-validator', progress, c, f),
    );
    // assert
    expect(after).toEqual(before);
    expect(after.runs).toHaveLength([1, 2, 3, 4, 1, 2, 3, 4].reduce((a, b) => a + b, 0));
    expect(after.spend).toHaveLength(6);
    expect(after.findings).toHaveLength(4);
  });

  it('returns null when there is no such job', async () => {
    // act
    const opened = await openChangeValidationStep(db.pool, '00000000-0000-4000-8000-000000000000', 'rule-extractor', {
      status: 'running',
    });
    // assert
    expect(opened).toBeNull();
  });
});

// A finding as change_validation_save_findings reads it.
function findingRow(f: ValidationFinding) {
  return {
    rule_id: f.ruleId,
    severity: f.severity,
    passed: f.passed,
    field: f.field,
    message: f.message,
    evidence: f.evidence,
  };
}
