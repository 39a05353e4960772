import type { MiddlewareHandler } from 'hono';
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { AppError } from '../shared/errors';

/** The app roles (Entra ID `roles` claim) that decide which routes a caller may use. */
export const ROLES = {
  changes: 'Switchyard.Changes',
  incidents: 'Switchyard.Incidents',
  assistant: 'Switchyard.Assistant',
  read: 'Switchyard.Read',
} as const;

/** One of the app roles. */
export type Role = (typeof ROLES)[keyof typeof ROLES];

/** Who is calling, from a verified token's claims (Entra ID v2 shape). */
export interface Principal {
  /** `oid` (the caller's object id), else `sub`. */
  readonly subject: string;
  /** `tid`, the tenant the caller belongs to, when present. */
  readonly tenantId?: string;
  /** App roles granted to the caller. */
  readonly roles: readonly string[];
}

/** Verifies a bearer token and returns the caller, or throws a 401 AppError. */
export type TokenVerifier = (token: string) => Promise<Principal>;

/** The rules every token is checked with, locally and (by the API Gateway authorizer) in AWS. */
export interface JwtVerifierOptions {
  /** Expected `iss`. */
  readonly issuer: string;
  /** Expected `aud`. */
  readonly audience: string;
  /** Where the signing keys come from (a local JWKS, or a remote one). */
  readonly keys: JWTVerifyGetKey;
  /** Allowed signing algorithms; `none` is never allowed. @default ['RS256', 'ES256'] */
  readonly algorithms?: readonly string[];
  /** Allowed clock skew in seconds for exp/nbf. @default 60 */
  readonly clockToleranceSeconds?: number;
  /**
   * How many verified tokens to remember (least recently used dropped first), so a caller
   * repeating its token skips the signature check; 0 verifies every request.
   * @default 1000
   */
  readonly rememberTokens?: number;
  /** The longest a verified token is remembered, never past its `exp`. @default 300000 (5 minutes) */
  readonly rememberForMs?: number;
}

/**
 * Builds a verifier that checks signature, issuer, audience, exp/nbf and the algorithm
 * allow-list. A verified token is remembered (keyed by its exact text, so any altered
 * token is verified afresh) until its `exp` or for `rememberForMs`, whichever is first;
 * a token that fails is never remembered. Role checks run on every request regardless.
 */
export function createJwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const algorithms = (options.algorithms ?? ['RS256', 'ES256']).filter((alg) => alg.toLowerCase() !== 'none');
  const remembered = rememberedTokens(options.rememberTokens ?? 1000, options.rememberForMs ?? 300_000);
  return async (token) => {
    const known = remembered.get(token);
    if (known !== undefined) return known;
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        clockTolerance: options.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp'],
      });
      // Frozen: the same object answers every later request with this token.
      const claimed = principalFromClaims(payload);
      const principal: Principal = Object.freeze({ ...claimed, roles: Object.freeze([...claimed.roles]) });
      remembered.set(token, principal, (payload.exp as number) * 1000);
      return principal;
    } catch (error) {
      throw new AppError('UNAUTHORIZED', `The bearer token is not valid: ${describeJoseError(error)}.`, {
        cause: error,
      });
    }
  };
}

// A bounded LRU of verified tokens (a Map iterates in insertion order; a hit moves to the end).
function rememberedTokens(capacity: number, rememberForMs: number) {
  const entries = new Map<string, { readonly principal: Principal; readonly untilMs: number }>();
  return {
    get(token: string): Principal | undefined {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      entries.delete(token);
      if (Date.now() >= entry.untilMs) return undefined;
      entries.set(token, entry);
      return entry.principal;
    },
    set(token: string, principal: Principal, expiresAtMs: number): void {
      const untilMs = Math.min(expiresAtMs, Date.now() + rememberForMs);
      if (capacity <= 0 || !(untilMs > Date.now())) return;
      if (entries.size >= capacity) entries.delete(entries.keys().next().value as string);
      entries.set(token, { principal, untilMs });
    },
  };
}

/** Reads the caller from token claims (already verified, here or by the API Gateway authorizer). */
export function principalFromClaims(claims: JWTPayload | Record<string, unknown>): Principal {
  const subject = typeof claims.oid === 'string' ? claims.oid : typeof claims.sub === 'string' ? claims.sub : '';
  const raw = claims.roles;
  // API Gateway passes array claims as a string like "[A B]"; accept that shape too.
  const roles = Array.isArray(raw)
    ? raw.filter((r): r is string => typeof r === 'string')
    : typeof raw === 'string'
      ? raw
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter((r) => r.length > 0)
      : [];
  return typeof claims.tid === 'string' ? { subject, tenantId: claims.tid, roles } : { subject, roles };
}

/** Finds the caller for a request; throws a 401 AppError when there is none. */
export type PrincipalResolver = (c: Parameters<MiddlewareHandler>[0]) => Promise<Principal>;

/** Resolves the caller by verifying the `Authorization: Bearer` header in the app (the local runtime). */
export function bearerPrincipal(verify: TokenVerifier): PrincipalResolver {
  return async (c) => {
    const header = c.req.header('authorization');
    if (header === undefined) throw new AppError('UNAUTHORIZED', 'Authorization: Bearer <token> is required.');
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (match?.[1] === undefined) {
      throw new AppError('UNAUTHORIZED', 'The Authorization header must be "Bearer <token>".');
    }
    return verify(match[1]);
  };
}

/** Authenticates every request it guards and stores the caller as `principal`. */
export function authenticate(resolve: PrincipalResolver): MiddlewareHandler<{ Variables: { principal: Principal } }> {
  return async (c, next) => {
    c.set('principal', await resolve(c));
    await next();
  };
}

/** Lets the request through only when the caller holds `role`; otherwise 403 naming it. */
export function requireRole(role: Role): MiddlewareHandler<{ Variables: { principal: Principal } }> {
  return requireAnyRole([role]);
}

/** Lets the request through when the caller holds any of `roles`; otherwise 403 naming them. */
export function requireAnyRole(
  roles: readonly [Role, ...Role[]],
): MiddlewareHandler<{ Variables: { principal: Principal } }> {
  const needed = roles.length === 1 ? `the app role ${roles[0]}` : `one of the app roles ${roles.join(', ')}`;
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal === undefined) throw new AppError('UNAUTHORIZED', 'The request is not authenticated.');
    if (!roles.some((role) => principal.roles.includes(role))) {
      throw new AppError('FORBIDDEN', `This route requires ${needed}; the token does not carry it.`, {
        details: roles.length === 1 ? { requiredRole: roles[0] } : { requiredRoles: [...roles] },
      });
    }
    await next();
  };
}

/**
 * Resolves the caller from the claims API Gateway's JWT authorizer already verified
 * (`requestContext.authorizer.jwt.claims` of the HTTP API v2 event). A request without
 * them did not pass the authorizer (a route configured without it): 401, never trusted.
 */
export function apiGatewayPrincipal(): PrincipalResolver {
  return async (c) => {
    const env = c.env as { event?: { requestContext?: { authorizer?: { jwt?: { claims?: unknown } } } } } | undefined;
    const claims = env?.event?.requestContext?.authorizer?.jwt?.claims;
    if (claims === null || typeof claims !== 'object') {
      throw new AppError('UNAUTHORIZED', 'The request carries no verified token claims; send Authorization: Bearer.');
    }
    return principalFromClaims(claims as Record<string, unknown>);
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} failed (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its signing algorithm is not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no known key signed it';
  return 'it is malformed or unsigned';
}
