import type { Hono } from 'hono';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, principalFromClaims } from '../../../lambdas/api/auth';
import { roleCheckedRoutes } from '../../fixtures/api/role-routes';

const issuer = 'https://login.microsoftonline.com/tenant-1/v2.0';
const audience = 'api://switchyard';
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let app: Hono;

async function sign(
  claims: JWTPayload = {},
  opts: { iss?: string; aud?: string; exp?: string | number; nbf?: string | number } = {},
) {
  return new SignJWT({ roles: ['Switchyard.Read'], oid: 'caller-1', tid: 'tenant-1', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(opts.iss ?? issuer)
    .setAudience(opts.aud ?? audience)
    .setIssuedAt()
    .setNotBefore(opts.nbf ?? '0s')
    .setExpirationTime(opts.exp ?? '5m')
    .sign(privateKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
  const verify = createJwtVerifier({ issuer, audience, keys: createLocalJWKSet({ keys: [jwk] }) });
  app = roleCheckedRoutes(verify);
});

async function call(path: string, token?: string) {
  const res = await app.request(path, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

describe('authentication', () => {
  it('lets a valid token with the role through', async () => {
    expect((await call('/v1/read', await sign())).status).toBe(200);
  });

  it('returns 401 when there is no Authorization header', async () => {
    expect((await call('/v1/read')).status).toBe(401);
  });

  it.each([
    ['expired', () => sign({}, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['wrong issuer', () => sign({}, { iss: 'https://login.microsoftonline.com/other/v2.0' })],
    ['wrong audience', () => sign({}, { aud: 'api://other' })],
    ['not yet valid', () => sign({}, { nbf: '1h' })],
    ['garbage', async () => 'not.a.token'],
    [
      'tampered signature',
      async () => {
        const [h, p, s] = (await sign()).split('.');
        return `${h}.${p}.${s?.startsWith('A') ? `B${s.slice(1)}` : `A${s?.slice(1)}`}`;
      },
    ],
    [
      'unsigned (alg: none)',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: issuer, aud: audience, exp: now + 300, roles: ['Switchyard.Read'] })}.`;
      },
    ],
  ])('returns 401 for a %s token', async (_name, make) => {
    // act
    const { status, body } = await call('/v1/read', await make());
    // assert
    expect(status).toBe(401);
    expect(body.error?.code).toBe('UNAUTHORIZED');
  });
});

describe('authorization', () => {
  it('returns 403 naming the role when the token lacks it', async () => {
    // act
    const { status, body } = await call('/v1/changes', await sign());
    // assert
    expect(status).toBe(403);
    expect(body.error?.message).toContain('Switchyard.Changes');
  });

  it('reads roles from API Gateway stringified array claims', () => {
    expect(principalFromClaims({ oid: 'x', roles: '[Switchyard.Read Switchyard.Changes]' }).roles).toEqual([
      'Switchyard.Read',
      'Switchyard.Changes',
    ]);
  });
});
