import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../lambdas/shared/observability';
import type { LocalSigningKey } from '../../../local/auth/local-key';
import { createTestApp, createTestKey } from '../../fixtures/api/app';

let key: LocalSigningKey;
beforeAll(async () => {
  key = await createTestKey();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('request logging', () => {
  it('puts the request id among the Powertools log keys of the request', async () => {
    // arrange
    const level = logger.getLevelName();
    logger.setLogLevel('INFO');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const app = createTestApp(key);
    // act
    await app.request('/v1/agents', { headers: { 'x-request-id': 'snow-trace-1' } });
    logger.setLogLevel(level);
    // assert
    const entries = lines.flatMap((line) => line.split('\n')).filter((line) => line.startsWith('{'));
    const refused = entries.map((line) => JSON.parse(line)).find((entry) => entry.message === 'request refused');
    expect(refused).toMatchObject({ requestId: 'snow-trace-1', status: 401, code: 'UNAUTHORIZED' });
  });
});
