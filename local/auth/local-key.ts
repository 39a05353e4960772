import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { createJwtVerifier, ROLES, type TokenVerifier } from '../../lambdas/api/auth';

/** Issuer of locally signed tokens (Entra ID v2 shape, a local tenant). */
export const LOCAL_ISSUER = 'https://login.switchyard.local/local-tenant/v2.0';
/** Audience of locally signed tokens. */
export const LOCAL_AUDIENCE = 'api://switchyard';
/** Where `npm start` and `npm run token` share the local signing key. */
export const DEFAULT_KEY_FILE = join('.switchyard', 'local-signing-key.json');

/** The local signing key pair and its public JWKS. */
export interface LocalSigningKey {
  readonly privateJwk: JWK;
  readonly publicJwks: { keys: JWK[] };
}

/**
 * Loads the local ES256 key from `file`, creating it on first use. Persisted (in the
 * gitignored `.switchyard/`) so the server and the token script, two processes, agree.
 */
export async function loadOrCreateLocalKey(file: string = DEFAULT_KEY_FILE): Promise<LocalSigningKey> {
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(pair.privateKey)), kid: `local-${Date.now().toString(36)}`, alg: 'ES256' };
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _private, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwks: { keys: [publicJwk] } };
}

/** A verifier applying the production rules against the local key. */
export function createLocalVerifier(key: LocalSigningKey): TokenVerifier {
  return createJwtVerifier({ issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, keys: createLocalJWKSet(key.publicJwks) });
}

/** Signs a local token with the given roles (all roles when none given), valid for `ttlSeconds`. */
export async function signLocalToken(
  key: LocalSigningKey,
  roles: readonly string[] = Object.values(ROLES),
  ttlSeconds = 3600,
): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, 'ES256');
  return new SignJWT({ roles: [...roles], oid: 'local-developer', tid: 'local-tenant' })
    .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid ?? 'local', typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject('local-developer')
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(privateKey);
}
