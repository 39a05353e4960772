import { describe, expect, it } from 'vitest';
import { createIamTokenProvider, IAM_TOKEN_REUSE_MS, toVectorParam } from '../../../lambdas/shared/db/pool';

// A stand-in for the RDS signer (an AWS API); it counts the tokens it issues.
function fakeSigner(): { getAuthToken: () => Promise<string>; issued: () => number } {
  let issued = 0;
  return {
    getAuthToken: async () => {
      issued += 1;
      return `token-${issued}`;
    },
    issued: () => issued,
  };
}

describe('createIamTokenProvider', () => {
  it('reuses one token for connections opened within the reuse window', async () => {
    // arrange
    const signer = fakeSigner();
    let now = 0;
    const password = createIamTokenProvider(signer, () => now);
    // act
    const first = await password();
    now = IAM_TOKEN_REUSE_MS - 1;
    const second = await password();
    // assert
    expect([first, second]).toEqual(['token-1', 'token-1']);
    expect(signer.issued()).toBe(1);
  });

  it('signs a fresh token once the reuse window (shorter than the 15-minute validity) has passed', async () => {
    // arrange
    const signer = fakeSigner();
    let now = 0;
    const password = createIamTokenProvider(signer, () => now);
    await password();
    // act
    now = IAM_TOKEN_REUSE_MS;
    const token = await password();
    // assert
    expect(token).toBe('token-2');
    expect(IAM_TOKEN_REUSE_MS).toBeLessThan(15 * 60 * 1000);
  });

  it('shares one signing call between connections opening at the same time', async () => {
    const signer = fakeSigner();
    const password = createIamTokenProvider(signer, () => 0);
    expect(await Promise.all([password(), password(), password()])).toEqual(['token-1', 'token-1', 'token-1']);
  });

  it('does not reuse a failed signing attempt', async () => {
    // arrange
    let calls = 0;
    const password = createIamTokenProvider(
      {
        getAuthToken: async () => {
          calls += 1;
          if (calls === 1) throw new Error('no credentials');
          return 'token-ok';
        },
      },
      () => 0,
    );
    // act
    await expect(password()).rejects.toThrow('no credentials');
    // assert
    expect(await password()).toBe('token-ok');
  });
});

describe('toVectorParam', () => {
  it("writes pgvector's binary form: dimension, a reserved zero, then big-endian float4 components", () => {
    // act
    const param = toVectorParam([1, -0.5]);
    // assert
    expect([...param]).toEqual([0, 2, 0, 0, 0x3f, 0x80, 0, 0, 0xbf, 0, 0, 0]);
  });

  it('names a component that is not a finite number', () => {
    expect(() => toVectorParam([0.1, Number.NaN])).toThrow('Embeddings must be finite numbers; got NaN.');
    expect(() => toVectorParam([Number.POSITIVE_INFINITY])).toThrow('got Infinity');
  });

  it('refuses more dimensions than pgvector stores', () => {
    expect(() => toVectorParam(new Array(16_001).fill(0))).toThrow('at most 16000 dimensions; got 16001');
  });
});
