import { z } from 'zod';
import { AppError } from '../errors';

/** The OAuth client registered in ServiceNow's application registry. */
export interface ServiceNowCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Where the credentials come from: Secrets Manager in AWS, configuration locally. */
export type CredentialsSource = () => Promise<ServiceNowCredentials>;

/** The zod schema of the secret's JSON (`{"clientId": …, "clientSecret": …}`). */
export const ServiceNowCredentialsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

const TokenReplySchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().default(1800),
  token_type: z.string().optional(),
});

export interface TokenProviderOptions {
  readonly instanceUrl: string;
  readonly credentials: CredentialsSource;
  readonly fetch?: typeof fetch;
  /** The clock, injectable for tests. @default Date.now */
  readonly nowMs?: () => number;
  /** Renew this long before the token expires. @default 60000 */
  readonly refreshMarginMs?: number;
}

/**
 * OAuth 2.0 client credentials against `/oauth_token.do`; the token is cached until
 * shortly before it expires, and concurrent callers share one request.
 */
export class TokenProvider {
  private cached: { token: string; expiresAtMs: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly fetchFn: typeof fetch;
  private readonly nowMs: () => number;
  private readonly refreshMarginMs: number;

  constructor(private readonly options: TokenProviderOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.nowMs = options.nowMs ?? Date.now;
    this.refreshMarginMs = options.refreshMarginMs ?? 60_000;
  }

  /** A valid access token, from the cache when it has not expired. */
  async getToken(): Promise<string> {
    if (this.cached !== undefined && this.nowMs() < this.cached.expiresAtMs - this.refreshMarginMs) {
      return this.cached.token;
    }
    this.pending ??= this.requestToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the cached token (after ServiceNow answered 401). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async requestToken(): Promise<string> {
    const { clientId, clientSecret } = await this.options.credentials();
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const res = await this.fetchFn(`${this.options.instanceUrl}/oauth_token.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    const text = await res.text();
    if (!res.ok) {
      throw new AppError('DEPENDENCY_FAILED', `ServiceNow refused the OAuth client credentials (HTTP ${res.status})`, {
        details: { status: res.status, body: text.slice(0, 500) },
      });
    }
    const parsed = TokenReplySchema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new AppError('DEPENDENCY_FAILED', 'ServiceNow answered /oauth_token.do without an access_token');
    }
    this.cached = { token: parsed.data.access_token, expiresAtMs: this.nowMs() + parsed.data.expires_in * 1000 };
    return parsed.data.access_token;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
