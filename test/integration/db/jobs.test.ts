import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  beginChangeValidation,
  finishChangeValidation,
  getChangeValidation,
  listValidationFindings,
  markChangeValidationRunning,
  saveValidationFindings,
} from '../../../lambdas/shared/db/change-validations';
import {
  beginIncidentEnrichment,
  claimIncidentEnrichment,
  finishIncidentEnrichment,
  getIncidentEnrichment,
} from '../../../lambdas/shared/db/incident-enrichments';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { sysId } from '../../fixtures/db/records';

const delivery = {
  changeSysId: sysId(2),
  changeNumber: 'CHG0020001',
  sysUpdatedOn: '2025-03-02T09:00:00.000Z',
  correlationId: 'corr-1',
  request: { sys_id: sysId(2), state: '-5' },
};

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: 4 });
});
afterAll(async () => {
  await db.stop();
});

describe('change validation jobs', () => {
  beforeEach(async () => {
    await db.pool.query('TRUNCATE change_validations, incident_enrichments CASCADE');
  });

  it('creates one job per change version and hands a retried delivery the same job', async () => {
    // act
    const first = await beginChangeValidation(db.pool, delivery);
    const retry = await beginChangeValidation(db.pool, { ...delivery, correlationId: 'corr-retry' });
    // assert
    expect(first.created).toBe(true);
    expect(retry.created).toBe(false);
    expect(retry.validation).toEqual(first.validation);
    expect(first.validation).toMatchObject({ status: 'accepted', verdict: null, correlationId: 'corr-1' });
  });

  it('creates a new job for a newer version of the same change', async () => {
    const first = await beginChangeValidation(db.pool, delivery);
    const next = await beginChangeValidation(db.pool, { ...delivery, sysUpdatedOn: '2025-03-02T10:00:00.000Z' });
    expect(next.created).toBe(true);
    expect(next.validation.id).not.toBe(first.validation.id);
  });

  it('runs once, completes with a verdict, and keeps that outcome against a late retry', async () => {
    // arrange
    const { validation } = await beginChangeValidation(db.pool, delivery);
    // act
    const started = await markChangeValidationRunning(db.pool, validation.id);
    const startedAgain = await markChangeValidationRunning(db.pool, validation.id);
    const done = await finishChangeValidation(db.pool, validation.id, {
      status: 'completed',
      verdict: 'fail',
      result: { blockers: 1 },
    });
    const late = await finishChangeValidation(db.pool, validation.id, { status: 'failed', error: 'timeout' });
    // assert
    expect([started, startedAgain]).toEqual([true, false]);
    expect(done).toMatchObject({ status: 'completed', verdict: 'fail', result: { blockers: 1 }, error: null });
    expect(done?.completedAt).not.toBeNull();
    expect(late).toBeNull();
    expect((await getChangeValidation(db.pool, validation.id))?.status).toBe('completed');
  });

  it('parks a job with the reason a person will read', async () => {
    const { validation } = await beginChangeValidation(db.pool, delivery);
    const parked = await finishChangeValidation(db.pool, validation.id, {
      status: 'parked',
      reason: 'The model output failed its schema twice.',
    });
    expect(parked).toMatchObject({ status: 'parked', error: 'The model output failed its schema twice.' });
  });

  it('stores findings failed blockers first and replaces a rule’s finding on retry', async () => {
    // arrange
    const { validation } = await beginChangeValidation(db.pool, delivery);
    const blocker = {
      ruleId: 'CHG-REQ-001',
      severity: 'blocker' as const,
      passed: false,
      field: 'backout_plan',
      message: 'The backout plan is empty.',
      evidence: { length: 0 },
    };
    const warning = { ...blocker, ruleId: 'CHG-REQ-007', severity: 'warning' as const, field: null, message: 'w' };
    const passed = { ...blocker, ruleId: 'CHG-REQ-002', passed: true, message: 'ok' };
    // act
    await saveValidationFindings(db.pool, validation.id, [passed, warning, blocker]);
    await saveValidationFindings(db.pool, validation.id, [{ ...warning, message: 'w, again' }]);
    // assert
    const findings = await listValidationFindings(db.pool, validation.id);
    expect(findings.map((finding) => [finding.ruleId, finding.message])).toEqual([
      ['CHG-REQ-001', 'The backout plan is empty.'],
      ['CHG-REQ-007', 'w, again'],
      ['CHG-REQ-002', 'ok'],
    ]);
    expect(findings[0]?.evidence).toEqual({ length: 0 });
  });

  it('refuses a completed verdict on a job that is not completed', async () => {
    const { validation } = await beginChangeValidation(db.pool, delivery);
    const attempt = db.pool.query(`UPDATE change_validations SET verdict = 'pass' WHERE id = $1`, [validation.id]);
    await expect(attempt).rejects.toThrow(/change_validations_check/);
  });
});

describe('incident enrichment jobs', () => {
  const incidentDelivery = {
    incidentSysId: sysId(1),
    incidentNumber: 'INC0010001',
    sysUpdatedOn: '2025-03-01T08:05:00.000Z',
    correlationId: 'corr-inc',
    request: { sys_id: sysId(1) },
  };

  it('hands a retried delivery the job the first one created', async () => {
    const first = await beginIncidentEnrichment(db.pool, incidentDelivery);
    const retry = await beginIncidentEnrichment(db.pool, incidentDelivery);
    expect([first.created, retry.created]).toEqual([true, false]);
    expect(retry.enrichment.id).toBe(first.enrichment.id);
  });

  it('claims the job, completes it with plan, result and usage, and ignores a late failure', async () => {
    // arrange
    const { enrichment } = await beginIncidentEnrichment(db.pool, {
      ...incidentDelivery,
      sysUpdatedOn: '2025-03-01T09:00:00Z',
    });
    const plan = { agents: ['tag-classifier'], why: 'A simple incident: tags are enough.' };
    // act
    const claimed = await claimIncidentEnrichment(db.pool, enrichment.id);
    const done = await finishIncidentEnrichment(db.pool, enrichment.id, {
      status: 'completed',
      result: { tags: ['database'] },
      usage: { inputTokens: 120, outputTokens: 30 },
      plan,
    });
    const late = await finishIncidentEnrichment(db.pool, enrichment.id, { status: 'failed', error: 'late' });
    // assert
    expect(claimed).toEqual({ request: incidentDelivery.request });
    expect(done).toMatchObject({ status: 'completed', plan, result: { tags: ['database'] } });
    expect(late).toBeNull();
    expect(await claimIncidentEnrichment(db.pool, enrichment.id)).toBeNull();
    const stored = await getIncidentEnrichment(db.pool, enrichment.id);
    expect(stored?.plan).toEqual(plan);
    expect(stored?.usage).toEqual({ inputTokens: 120, outputTokens: 30 });
  });
});
