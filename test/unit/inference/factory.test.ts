import { describe, expect, it } from 'vitest';
import { readRuntimeConfig } from '../../../lambdas/shared/config';
import { createConfiguredInference, createMemoryLedger } from '../../../lambdas/shared/inference';
import { capturingMetrics } from '../../fixtures/inference/factories';

describe('createConfiguredInference', () => {
  it('runs every operation offline on the default configuration, recording each call', async () => {
    // arrange
    const ledger = createMemoryLedger();
    const inference = createConfiguredInference(readRuntimeConfig({}), {
      ledger,
      overrides: { metrics: capturingMetrics() },
    });
    const who = { agent: 'smart-solver', requestId: 'INC0001', alias: 'fast' };
    // act
    const results = [
      await inference.classify({
        ...who,
        text: 'Printer out of toner',
        labels: ['hardware', 'network'],
        examples: [{ text: 'printer jammed', label: 'hardware' }],
      }),
      await inference.judge({
        ...who,
        rule: 'has a rollback',
        text: 'Rollback: restore backup',
        requiredPatterns: ['rollback'],
      }),
      await inference.extract({
        ...who,
        text: 'Reboot in prod',
        slots: [{ name: 'env', description: 'env', values: [{ value: 'prod' }] }],
      }),
      await inference.rank({ ...who, query: 'vpn down', candidates: [{ id: 'a', text: 'VPN outage' }] }),
      await inference.summarise({ ...who, text: 'The VPN is down. Users cannot work from home.' }),
    ];
    // assert
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
    expect(results.map((r) => (r.ok ? r.provider : r.reason))).toEqual(Array(5).fill('offline'));
    expect(ledger.calls.map((c) => c.operation)).toEqual(['classify', 'judge', 'extract', 'rank', 'summarise']);
  });

  it('needs a database or a ledger: calls are never uncounted', () => {
    // act + assert
    expect(() => createConfiguredInference(readRuntimeConfig({}), {})).toThrow('record every call');
  });
});
