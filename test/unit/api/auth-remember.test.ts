import type { Hono } from 'hono';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type JWTVerifyGetKey, SignJWT } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJwtVerifier } from '../../../lambdas/api/auth';
import { roleCheckedRoutes } from '../../fixtures/api/role-routes';

const issuer = 'https://login.microsoftonline.com/tenant-1/v2.0';
const audience = 'api://switchyard';
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let jwk: JWK;
let keyLookups: number;
let app: Hono;

async function sign(roles: readonly string[] = ['Switchyard.Read'], exp: string | number = '1h') {
  return new SignJWT({ roles: [...roles], oid: 'caller-1' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(privateKey);
}

async function call(path: string, token: string) {
  const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
});

beforeEach(() => {
  // A fresh verifier per test whose key lookups are counted: one lookup = one signature check.
  const jwks = createLocalJWKSet({ keys: [jwk] });
  keyLookups = 0;
  const keys: JWTVerifyGetKey = (header, token) => {
    keyLookups += 1;
    return jwks(header, token);
  };
  const verify = createJwtVerifier({ issuer, audience, keys });
  app = roleCheckedRoutes(verify);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('remembered tokens', () => {
  it('verifies a repeated token once', async () => {
    // arrange
    const token = await sign();
    // act
    const replies = [await call('/v1/read', token), await call('/v1/read', token), await call('/v1/read', token)];
    // assert
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(keyLookups).toBe(1);
  });

  it('still checks the role of a remembered token on every request', async () => {
    // arrange
    const token = await sign(['Switchyard.Read']);
    expect((await call('/v1/read', token)).status).toBe(200);
    // act
    const { status, body } = await call('/v1/changes', token);
    // assert
    expect(status).toBe(403);
    expect(body.error?.code).toBe('FORBIDDEN');
    expect(keyLookups).toBe(1);
  });

  it('refuses a remembered token once it has expired', async () => {
    // arrange: valid for 30 s (well inside the 5-minute cap), verified and remembered now
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await sign(['Switchyard.Read'], Math.floor(Date.now() / 1000) + 30);
    expect((await call('/v1/read', token)).status).toBe(200);
    // act: past exp and the 60 s clock tolerance
    vi.setSystemTime(Date.now() + 120_000);
    const { status, body } = await call('/v1/read', token);
    // assert
    expect(status).toBe(401);
    expect(body.error?.code).toBe('UNAUTHORIZED');
  });

  it('verifies again after the 5-minute cap even when the token is still valid', async () => {
    // arrange
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await sign(['Switchyard.Read'], '1h');
    await call('/v1/read', token);
    // act
    vi.setSystemTime(Date.now() + 301_000);
    const { status } = await call('/v1/read', token);
    // assert
    expect(status).toBe(200);
    expect(keyLookups).toBe(2);
  });

  it('never answers a tampered token from what it remembers of the original', async () => {
    // arrange
    const token = await sign(['Switchyard.Read']);
    expect((await call('/v1/read', token)).status).toBe(200);
    const [header, payload, signature] = token.split('.');
    const elevated = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload as string, 'base64url').toString()),
        roles: ['Switchyard.Changes'],
      }),
    ).toString('base64url');
    // act
    const tampered = await call('/v1/changes', `${header}.${elevated}.${signature}`);
    // assert
    expect(tampered.status).toBe(401);
    expect(keyLookups).toBe(2);
  });

  it('does not remember a token that failed verification', async () => {
    // arrange
    const token = await sign();
    const [header, payload, signature] = token.split('.');
    const broken = `${header}.${payload}.${signature?.startsWith('A') ? `B${signature.slice(1)}` : `A${signature?.slice(1)}`}`;
    // act
    const replies = [await call('/v1/read', broken), await call('/v1/read', broken)];
    // assert
    expect(replies.map((r) => r.status)).toEqual([401, 401]);
    expect(keyLookups).toBe(2);
  });
});
