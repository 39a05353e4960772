import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAgentRuns, recordAgentRun } from '../../../lambdas/shared/db/agent-runs';
import { advanceWatermark, getWatermark, resetWatermark } from '../../../lambdas/shared/db/watermarks';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { sysId } from '../../fixtures/db/records';

describe('audit trail and ETL state', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase({ embeddingDimension: 4 });
  });
  afterAll(async () => {
    await db.stop();
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE agent_runs, etl_watermarks');
  });

  describe('ETL watermarks', () => {
    it('returns null before the first load', async () => {
      expect(await getWatermark(db.pool, 'incident')).toBeNull();
    });

    it('advances and reads back a watermark', async () => {
      const advanced = await advanceWatermark(db.pool, {
        sourceTable: 'incident',
        watermark: '2025-03-01T10:00:00.000Z',
        lastSysId: sysId(5),
      });
      expect(advanced).toBe(true);
      expect(await getWatermark(db.pool, 'incident')).toMatchObject({
        sourceTable: 'incident',
        watermark: '2025-03-01T10:00:00.000Z',
        lastSysId: sysId(5),
      });
    });

    it('never moves a watermark back', async () => {
      await advanceWatermark(db.pool, { sourceTable: 'incident', watermark: '2025-03-02T00:00:00.000Z' });
      const moved = await advanceWatermark(db.pool, { sourceTable: 'incident', watermark: '2025-03-01T00:00:00.000Z' });
      expect(moved).toBe(false);
      expect((await getWatermark(db.pool, 'incident'))?.watermark).toBe('2025-03-02T00:00:00.000Z');
    });

    it('breaks a tie on the same instant by sys_id', async () => {
      const at = '2025-03-02T00:00:00.000Z';
      await advanceWatermark(db.pool, { sourceTable: 'incident', watermark: at, lastSysId: sysId(10) });
      expect(await advanceWatermark(db.pool, { sourceTable: 'incident', watermark: at, lastSysId: sysId(9) })).toBe(
        false,
      );
      expect(await advanceWatermark(db.pool, { sourceTable: 'incident', watermark: at, lastSysId: sysId(11) })).toBe(
        true,
      );
    });

    it('forgets a watermark on reset', async () => {
      await advanceWatermark(db.pool, { sourceTable: 'cmdb_ci', watermark: '2025-03-02T00:00:00.000Z' });
      await resetWatermark(db.pool, 'cmdb_ci');
      expect(await getWatermark(db.pool, 'cmdb_ci')).toBeNull();
    });
  });

  describe('agent runs', () => {
    const run = {
      correlationId: 'corr-1',
      agent: 'rule-extractor',
      inputHash: 'a'.repeat(64),
      output: { rules: ['CHG-REQ-001'] },
      model: null,
      inputTokens: 0,
      outputTokens: 0,
      latencyMs: 12.4,
      status: 'succeeded' as const,
      error: null,
    };

    it('records runs and lists those of one job in order', async () => {
      // arrange
      const first = await recordAgentRun(db.pool, run);
      const second = await recordAgentRun(db.pool, {
        ...run,
        agent: 'content-validator',
        model: 'fast',
        inputTokens: 900,
      });
      await recordAgentRun(db.pool, { ...run, correlationId: 'corr-2' });
      // act
      const runs = await listAgentRuns(db.pool, 'corr-1');
      // assert
      expect(runs.map((r) => r.id)).toEqual([first, second]);
      expect(runs[0]).toMatchObject({ agent: 'rule-extractor', output: { rules: ['CHG-REQ-001'] }, latencyMs: 12 });
      expect(runs[1]).toMatchObject({ agent: 'content-validator', model: 'fast', inputTokens: 900 });
    });

    it('refuses a failed run without a reason', async () => {
      const attempt = recordAgentRun(db.pool, { ...run, status: 'failed', error: null });
      await expect(attempt).rejects.toThrow(/agent_runs_check/);
    });
  });
});
