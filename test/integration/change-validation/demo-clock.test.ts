/** biome-ignore-all lint/suspicious/noExplicitAny: the test reads JSON replies field by field. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServiceNow } from '../../../etl/servicenow-connection';
import { staticCredentials } from '../../../lambdas/shared/servicenow';
import { loadOrCreateLocalKey, signLocalToken } from '../../../local/auth/local-key';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../../local/runtime';

const HOUR_MS = 3_600_000;

// The local runtime without a pinned clock: the demo dataset is as of the current hour
// (remembered in the data folder), and drafts are judged by the real clock.
describe('the demo dataset on the real clock', () => {
  let root: string;
  let options: LocalRuntimeOptions;
  let first: LocalRuntime | undefined;
  let second: LocalRuntime | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'switchyard-clock-'));
    options = {
      httpPort: 0,
      dataDir: join(root, 'pgdata'),
      embedding: { provider: 'offline', modelId: 'hashing', dimension: 256 },
      demoData: { incidents: 20, changeRequests: 60 },
      signingKeyFile: join(root, 'key.json'),
      changeValidation: { retryIntervalMs: 1 },
    };
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('anchors the dataset to the current hour and validates its drafts by the real clock', async () => {
    // arrange
    const startedAt = Date.now();
    first = await startLocalRuntime(options);
    const token = await signLocalToken(await loadOrCreateLocalKey(join(root, 'key.json')));
    const serviceNow = connectServiceNow(
      first.serviceNowUrl,
      staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
    );
    const drafts = (await serviceNow.queryTable('change_request', { query: 'state=-5^ORDERBYnumber', limit: 1000 }))
      .rows;
    // act
    const verdicts: string[] = [];
    const failedRules = new Set<string>();
    for (const row of drafts) {
      const res = await fetch(`${first.url}/v1/change-validations?wait=20`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(row),
      });
      const body = (await res.json()) as Record<string, any>;
      verdicts.push(body.result.verdict);
      for (const f of body.result.findings) if (!f.passed) failedRules.add(f.ruleId);
    }
    // assert
    expect(first.demoAsOf.getTime() % HOUR_MS).toBe(0);
    expect(first.demoAsOf.getTime()).toBeGreaterThan(startedAt - HOUR_MS);
    expect(first.demoAsOf.getTime()).toBeLessThanOrEqual(Date.now());
    expect(drafts.length).toBeGreaterThan(0);
    // Sound drafts are still ahead of the real clock; the planted lead-time flaw is still found.
    expect(verdicts).toContain('ready');
    expect(verdicts).toContain('needs_changes');
    expect(failedRules).toContain('CHG-SCH-002');
  }, 240_000);

  it('regenerates the same records on a restart with the same data folder, so the ETL reads nothing', async () => {
    // arrange
    const anchor = first?.demoAsOf.toISOString();
    await first?.stop();
    first = undefined;
    // act
    second = await startLocalRuntime(options);
    // assert
    expect(second.demoAsOf.toISOString()).toBe(anchor);
    expect(second.etl?.mode).toBe('incremental');
    expect(second.etl?.totals.read).toBe(0);
    expect(second.loaded).toEqual([]);
  }, 240_000);
});
