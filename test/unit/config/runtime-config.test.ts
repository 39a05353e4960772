import { describe, expect, it } from 'vitest';
import { RuntimeConfigError, readRuntimeConfig } from '../../../lambdas/shared/config';

describe('readRuntimeConfig', () => {
  it('defaults to the local runtime with the offline embedder and one pooled connection', () => {
    const config = readRuntimeConfig({});
    expect(config.runtime).toBe('local');
    expect(config.embedding).toEqual({ provider: 'offline', modelId: 'amazon.titan-embed-text-v2:0', dimension: 512 });
    expect(config.database.maxConnections).toBe(1);
    expect(config.database.auth).toEqual({ kind: 'password', password: 'postgres' });
  });

  it('configures IAM authentication through RDS Proxy in AWS', () => {
    const config = readRuntimeConfig({
      SWITCHYARD_RUNTIME: 'aws',
      AWS_REGION: 'eu-west-1',
      DB_HOST: 'proxy.example',
      DB_AUTH: 'iam',
      DB_SSL: 'true',
      DB_POOL_MAX: '2',
    });
    expect(config.database).toMatchObject({ host: 'proxy.example', ssl: true, maxConnections: 2 });
    expect(config.database.auth).toEqual({ kind: 'iam', region: 'eu-west-1' });
  });

  it('treats empty variables as unset', () => {
    expect(readRuntimeConfig({ DB_PORT: '' }).database.port).toBe(5432);
  });

  it.each([
    [{ DB_PORT: 'abc' }, 'DB_PORT'],
    [{ DB_SSL: 'yes' }, 'DB_SSL'],
    [{ EMBEDDING_PROVIDER: 'openai' }, 'EMBEDDING_PROVIDER'],
    [{ DB_AUTH: 'iam' }, 'AWS_REGION'],
  ])('rejects %j naming the variable', (env, variable) => {
    expect(() => readRuntimeConfig(env)).toThrowError(RuntimeConfigError);
    expect(() => readRuntimeConfig(env)).toThrowError(variable);
  });
});
