import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_LIST } from '../../../lambdas/api/contract';
import { currentOpenApiDocument, DOCUMENT_URL } from '../../../lambdas/api/openapi/write-document';
import type { LocalSigningKey } from '../../../local/auth/local-key';
import { authHeader, createTestApp, createTestKey } from '../../fixtures/api/app';

type Document = { openapi: string; paths: Record<string, Record<string, { 'x-switchyard-roles': string[] }>> };

let key: LocalSigningKey;
beforeAll(async () => {
  key = await createTestKey();
});

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1 with a maintained validator (offline: the schemas ship in the package)', async () => {
    // act
    const validator = new Validator();
    const result = await validator.validate(currentOpenApiDocument() as never);
    // assert
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is checked for real: the validator rejects a document without info', async () => {
    const { info: _info, ...broken } = currentOpenApiDocument();
    const result = await new Validator().validate(broken as never);
    expect(result.valid).toBe(false);
  });

  it('is committed up to date (run `npm run openapi` after changing the contract)', () => {
    const committed = JSON.parse(readFileSync(DOCUMENT_URL, 'utf8')) as unknown;
    expect(committed).toEqual(currentOpenApiDocument());
  });

  it('lists every route the app serves, and nothing it does not', () => {
    // arrange
    const app = createTestApp(key);
    const served = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    // The local runtime's JWKS is not part of the public contract (Entra ID publishes keys in AWS).
    served.delete('GET /.well-known/jwks.json');
    const doc = currentOpenApiDocument() as Document;
    // act
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    // assert
    expect(documented).toEqual(served);
    expect(documented.size).toBe(ROUTE_LIST.length);
    expect([...documented]).toEqual(
      expect.arrayContaining([
        'GET /health',
        'POST /v1/change-validations',
        'GET /v1/change-validations/{id}',
        'POST /v1/incident-enrichments',
        'GET /v1/incident-enrichments/{id}',
        'POST /v1/assistant/sessions',
        'POST /v1/assistant/sessions/{id}/messages',
        'GET /v1/assistant/sessions/{id}',
        'GET /v1/agents',
        'POST /mcp',
        'GET /v1/openapi.json',
      ]),
    );
  });

  it('names the roles of each route, and none for /health', () => {
    const doc = currentOpenApiDocument() as Document;
    expect(doc.paths['/health']?.get?.['x-switchyard-roles']).toEqual([]);
    expect(doc.paths['/v1/change-validations']?.post?.['x-switchyard-roles']).toEqual(['Switchyard.Changes']);
  });

  it('is served at GET /v1/openapi.json', async () => {
    const app = createTestApp(key);
    const res = await app.request('/v1/openapi.json', { headers: await authHeader(key) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Document).openapi).toBe('3.1.0');
  });
});
