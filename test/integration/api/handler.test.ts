import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../lambdas/shared/db/migrate';
import { createPool } from '../../../lambdas/shared/db/pool';
import { type LocalDatabase, startLocalDatabase } from '../../../local/database';
import { changeRecordObjects } from '../../fixtures/api/records';

// The deployed entry point (lambdas/api/handler.ts) fed real API Gateway HTTP API (payload
// v2) events carrying JWT authorizer claims, against PGlite. No AWS API is called.
let db: LocalDatabase;
let handler: (event: unknown, context: Context) => Promise<APIGatewayProxyResultV2>;

beforeAll(async () => {
  db = await startLocalDatabase();
  // The local database serves one session: migrate, then leave it to the handler's own pool.
  const migrator = createPool(db.settings);
  await applyMigrations(migrator, { embeddingDimension: 4 });
  await migrator.end();
  const { settings } = db;
  Object.assign(process.env, {
    DB_HOST: settings.host,
    DB_PORT: String(settings.port),
    DB_USER: settings.user,
    DB_PASSWORD: settings.auth.kind === 'password' ? settings.auth.password : '',
    DB_NAME: settings.database,
  });
  ({ handler } = (await import('../../../lambdas/api/handler')) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  await db.stop();
});

const lambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'Switchyard-dev-GatewayApiFunction',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:Switchyard-dev-GatewayApiFunction',
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/Switchyard-dev-GatewayApiFunction',
  logStreamName: '2026/11/27/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 29_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

/** An HTTP API v2 event as API Gateway sends it after its JWT authorizer accepted the token. */
function apiGatewayEvent(
  method: string,
  path: string,
  options: { body?: unknown; query?: string; claims?: Record<string, string> | null; requestId?: string } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const claims = options.claims === undefined ? defaultClaims() : options.claims;
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: options.query ?? '',
    ...(options.query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(options.query)) } : {}),
    headers: {
      accept: 'application/json',
      authorization: 'Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2ln',
      'content-type': 'application/json',
      host: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'ServiceNow/1.0',
      'x-forwarded-for': '203.0.113.10',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      ...(claims === null
        ? {}
        : { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } }),
      domainName: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'a1b2c3d4e5',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'ServiceNow/1.0' },
      requestId: options.requestId ?? 'JKJaXmPLvHcESHA=',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '27/Nov/2026:03:00:00 +0000',
      timeEpoch: 1_795_748_400_000,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

// HTTP API JWT authorizers flatten array claims into one string: "[A B]".
function defaultClaims(roles = '[Switchyard.Changes Switchyard.Read]'): Record<string, string> {
  return {
    aud: 'api://switchyard',
    iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
    oid: 'servicenow-app',
    tid: '00000000-0000-0000-0000-000000000000',
    roles,
    exp: '1795752000',
  };
}

type Result = { statusCode: number; headers: Record<string, string>; body: string };

describe('the API Lambda handler', () => {
  it('takes a change delivery from an API Gateway v2 event with the authorizer’s flattened roles claim', async () => {
    // act
    const result = (await handler(
      apiGatewayEvent('POST', '/v1/change-validations', { body: changeRecordObjects(), query: 'wait=0' }),
      lambdaContext,
    )) as Result;
    // assert
    expect(result.statusCode).toBe(202);
    expect(result.headers['x-request-id']).toBe('JKJaXmPLvHcESHA=');
    const body = JSON.parse(result.body) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'accepted', correlationId: 'JKJaXmPLvHcESHA=', changeNumber: 'CHG0030001' });
    expect(body.statusUrl).toBe(
      `https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1/change-validations/${body.id}`,
    );
  });

  it('reads the job back at its statusUrl', async () => {
    const created = JSON.parse(
      (
        (await handler(
          apiGatewayEvent('POST', '/v1/change-validations', { body: changeRecordObjects() }),
          lambdaContext,
        )) as Result
      ).body,
    ) as { id: string };
    const result = (await handler(
      apiGatewayEvent('GET', `/v1/change-validations/${created.id}`),
      lambdaContext,
    )) as Result;
    expect(result.statusCode).toBe(200);
  });

  it('answers 403 naming the role when the authorizer’s claims lack it', async () => {
    const result = (await handler(
      apiGatewayEvent('POST', '/v1/incident-enrichments', { body: {}, claims: defaultClaims('[Switchyard.Read]') }),
      lambdaContext,
    )) as Result;
    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body).error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Switchyard.Incidents'),
      requestId: 'JKJaXmPLvHcESHA=',
    });
  });

  it('answers 401 when a request reaches it without authorizer claims', async () => {
    const result = (await handler(apiGatewayEvent('GET', '/v1/agents', { claims: null }), lambdaContext)) as Result;
    expect(result.statusCode).toBe(401);
  });

  it('serves /health without claims', async () => {
    const result = (await handler(apiGatewayEvent('GET', '/health', { claims: null }), lambdaContext)) as Result;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'ok', checks: { database: 'ok' } });
  });
});
