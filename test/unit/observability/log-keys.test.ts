import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger, withLogKeys } from '../../../lambdas/shared/observability';

let lines: Record<string, unknown>[];
let level: ReturnType<typeof logger.getLevelName>;
beforeEach(() => {
  level = logger.getLevelName();
  logger.setLogLevel('INFO');
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  logger.setLogLevel(level);
  logger.resetKeys();
});

// One invocation as the change validation agents run it: keys appended after an await.
async function invocation(validationId: string, appendAfterMs: number, logAfterMs: number): Promise<void> {
  await withLogKeys({ agent: 'rule-extractor' }, async () => {
    await sleep(appendAfterMs);
    logger.appendKeys({ validationId });
    await sleep(logAfterMs);
    logger.info('step done', { marker: validationId });
  });
}

describe('log keys', () => {
  it('gives two concurrent invocations their own ids on every line', async () => {
    // act: v-2 appends its keys after v-1 did and before v-1 logs
    await Promise.all([invocation('v-1', 1, 40), invocation('v-2', 15, 1)]);
    // assert
    expect(lines.map(({ marker, validationId, agent }) => ({ marker, validationId, agent }))).toEqual(
      expect.arrayContaining([
        { marker: 'v-1', validationId: 'v-1', agent: 'rule-extractor' },
        { marker: 'v-2', validationId: 'v-2', agent: 'rule-extractor' },
      ]),
    );
    expect(lines).toHaveLength(2);
  });

  it('leaves no key behind once the invocation has ended', async () => {
    // arrange
    await invocation('v-3', 1, 1);
    // act
    logger.info('after');
    // assert
    const after = lines.find((line) => line.message === 'after');
    expect(after).toBeDefined();
    expect(after).not.toHaveProperty('validationId');
    expect(after).not.toHaveProperty('agent');
  });

  it("carries the enclosing scope into a nested one and into child loggers, a line's own keys winning", async () => {
    // act
    await withLogKeys({ requestId: 'r-1', agent: 'outer' }, async () => {
      await withLogKeys({ agent: 'inner' }, async () => {
        logger.createChild().info('child line');
        logger.info('own keys', { agent: 'explicit' });
      });
      logger.info('outer line');
    });
    // assert
    expect(lines.find((line) => line.message === 'child line')).toMatchObject({ requestId: 'r-1', agent: 'inner' });
    expect(lines.find((line) => line.message === 'own keys')).toMatchObject({ requestId: 'r-1', agent: 'explicit' });
    expect(lines.find((line) => line.message === 'outer line')).toMatchObject({ requestId: 'r-1', agent: 'outer' });
  });

  it('keeps Powertools temporary keys outside any scope, cleared by resetKeys (one Lambda invocation)', () => {
    // act
    logger.appendKeys({ correlationId: 'c-1' });
    logger.info('in invocation');
    logger.resetKeys();
    logger.info('next invocation');
    // assert
    expect(lines[0]).toMatchObject({ correlationId: 'c-1' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });
});
