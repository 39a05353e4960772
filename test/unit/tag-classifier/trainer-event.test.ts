import { describe, expect, it } from 'vitest';
import { TrainerEventSchema } from '../../../lambdas/tag-classifier-trainer/handler';

describe('TrainerEventSchema', () => {
  it.each([
    ['the schedule’s empty input', {}, undefined],
    ['a forced run', { force: true }, true],
    [
      'the ETL’s success record (a Lambda destination)',
      { version: '1.0', requestContext: { condition: 'Success' }, responsePayload: { runId: 'r1' } },
      undefined,
    ],
  ])('accepts %s', (_name, event, force) => {
    // Act
    const parsed = TrainerEventSchema.parse(event);
    // Assert
    expect(parsed.force).toBe(force);
  });

  it('rejects a force that is not a boolean, naming the field', () => {
    // Act
    const result = TrainerEventSchema.safeParse({ force: 'yes' });
    // Assert
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['force']);
  });
});
