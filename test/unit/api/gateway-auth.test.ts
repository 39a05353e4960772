import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../../lambdas/api/auth';
import { ROUTE_LIST } from '../../../lambdas/api/contract';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, type LocalSigningKey, signLocalToken } from '../../../local/auth/local-key';
import { authHeader, createTestApp, createTestKey } from '../../fixtures/api/app';

// Every route through the real app and the local verifier (the rules the Entra authorizer applies in AWS).
let key: LocalSigningKey;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  key = await createTestKey();
  app = createTestApp(key);
});

async function signWith(
  privateJwk: LocalSigningKey['privateJwk'],
  overrides: { iss?: string; aud?: string; exp?: number | string } = {},
) {
  const { importJWK } = await import('jose');
  return new SignJWT({ roles: Object.values(ROLES), oid: 'caller' })
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid ?? 'k' })
    .setIssuer(overrides.iss ?? LOCAL_ISSUER)
    .setAudience(overrides.aud ?? LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? '5m')
    .sign(await importJWK(privateJwk, 'ES256'));
}

function unsigned(): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    exp: now + 300,
    roles: Object.values(ROLES),
  })}.`;
}

const protectedRoutes = ROUTE_LIST.filter((route) => route.roles !== null);
const samplePath = (path: string) => path.replace('{id}', '00000000-0000-4000-8000-000000000000');

describe('token defects', () => {
  it.each<[string, () => Promise<Record<string, string>>]>([
    ['missing', async () => ({})],
    ['not a bearer scheme', async () => ({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })],
    ['malformed', async () => ({ authorization: 'Bearer not.a.jwt' })],
    ['unsigned (alg none)', async () => ({ authorization: `Bearer ${unsigned()}` })],
    [
      'signed by another key',
      async () => {
        const other = await generateKeyPair('ES256', { extractable: true });
        const jwk = { ...(await exportJWK(other.privateKey)), kid: key.privateJwk.kid ?? 'k' };
        return { authorization: `Bearer ${await signWith(jwk)}` };
      },
    ],
    [
      'with a tampered payload',
      async () => {
        const [h, , s] = (await signLocalToken(key, [ROLES.read])).split('.');
        const p = Buffer.from(JSON.stringify({ roles: Object.values(ROLES), iss: LOCAL_ISSUER })).toString('base64url');
        return { authorization: `Bearer ${h}.${p}.${s}` };
      },
    ],
    [
      'expired',
      async () => ({
        authorization: `Bearer ${await signWith(key.privateJwk, { exp: Math.floor(Date.now() / 1000) - 3600 })}`,
      }),
    ],
    [
      'for another issuer',
      async () => ({ authorization: `Bearer ${await signWith(key.privateJwk, { iss: 'https://evil.example/v2.0' })}` }),
    ],
    [
      'for another audience',
      async () => ({ authorization: `Bearer ${await signWith(key.privateJwk, { aud: 'api://other' })}` }),
    ],
  ])('returns 401 in the error shape when the token is %s', async (_defect, headers) => {
    // act
    const res = await app.request('/v1/agents', { headers: await headers() });
    // assert
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('UNAUTHORIZED');
    expect(body.error.message.length).toBeGreaterThan(10);
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it.each(protectedRoutes.map((route) => [route.method.toUpperCase(), route.path] as const))(
    'guards %s %s: 401 without a token',
    async (method, path) => {
      const res = await app.request(samplePath(path), { method });
      expect(res.status).toBe(401);
    },
  );
});

describe('roles', () => {
  const cases = protectedRoutes.flatMap((route) => {
    const roles = route.roles ?? [];
    // A token with every role except those that open this route.
    const others = Object.values(ROLES).filter((role) => !(roles as readonly string[]).includes(role));
    return [[route.method.toUpperCase(), route.path, roles, others] as const];
  });

  it.each(cases)('%s %s answers 403 naming the role when the token lacks it', async (method, path, roles, others) => {
    // act
    const res = await app.request(samplePath(path), { method, headers: await authHeader(key, others) });
    // assert
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('FORBIDDEN');
    for (const role of roles) expect(body.error.message).toContain(role);
  });

  it('serves the catalogue to a token holding only Switchyard.Read', async () => {
    const res = await app.request('/v1/agents', { headers: await authHeader(key, [ROLES.read]) });
    expect(res.status).toBe(200);
  });
});

describe('x-request-id', () => {
  it('echoes a sane caller id on success and in errors', async () => {
    const ok = await app.request('/health', { headers: { 'x-request-id': 'snow-INC0010001-7' } });
    const denied = await app.request('/v1/agents', { headers: { 'x-request-id': 'snow-2' } });
    expect(ok.headers.get('x-request-id')).toBe('snow-INC0010001-7');
    expect(denied.headers.get('x-request-id')).toBe('snow-2');
    expect(((await denied.json()) as { error: { requestId: string } }).error.requestId).toBe('snow-2');
  });

  it('replaces an unsafe caller id with a generated one', async () => {
    const res = await app.request('/health', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('POST /mcp', () => {
  it('answers 501 NOT_IMPLEMENTED in the error shape', async () => {
    const res = await app.request('/mcp', { method: 'POST', headers: await authHeader(key) });
    expect(res.status).toBe(501);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_IMPLEMENTED');
  });
});

describe('GET /v1/agents', () => {
  it('lists every agent DESIGN.md names, for the three jobs, honestly marked', async () => {
    const res = await app.request('/v1/agents', { headers: await authHeader(key) });
    const { agents } = (await res.json()) as {
      agents: { name: string; job: string; status: string; inputSchema: unknown; modelAlias: string | null }[];
    };
    expect(agents.map((a) => a.name)).toEqual([
      'rule-extractor',
      'content-validator',
      'aim-model-analyst',
      'phase-transition',
      'smart-solver',
      'tag-classifier',
      'incident-similarity',
      'incident-associator',
      'change-associator',
      'context-retriever',
      'change-model-assistant',
    ]);
    expect(new Set(agents.map((a) => a.job))).toEqual(
      new Set(['change-validation', 'incident-enrichment', 'change-model-assistant']),
    );
    // The change validation agents take the execution's ids; the change stays in the database.
    expect(agents.find((a) => a.name === 'rule-extractor')?.inputSchema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['validationId', 'correlationId', 'changeNumber']),
    });
  });
});

describe('the local JWKS', () => {
  it('is served without a token when the runtime provides it, without the private part', async () => {
    const local = createTestApp(key, { jwks: key.publicJwks });
    const res = await local.request('/.well-known/jwks.json');
    const body = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(res.status).toBe(200);
    expect(body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(body.keys[0]).not.toHaveProperty('d');
  });
});
