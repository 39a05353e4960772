import { describe, expect, it } from 'vitest';
import { ConfigurationError, environmentVariableFor, loadConfig } from '../../../lib/config';

const fromContext =
  (context: Record<string, unknown>, env: Record<string, string> = {}) =>
  () =>
    loadConfig({ context: (key) => context[key], env });

describe('loadConfig', () => {
  it('synthesizes defaults with no context and no environment', () => {
    // act
    const config = fromContext({})();
    // assert
    expect(config.stage).toBe('dev');
    expect(config.network).toEqual({ natGateways: 1, maxAzs: 2 });
    expect(config.database.deletionProtection).toBe(true);
    expect(config.models.embeddingDimension).toBe(512);
    expect(config.models.aliases.embed?.modelId).toBe('amazon.titan-embed-text-v2:0');
    expect(config.entraId.issuer).toBe('https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0');
  });

  it('reads CLI context strings and coerces numbers and booleans', () => {
    const config = fromContext({ natGateways: '0', dbMultiAz: 'true', embeddingDimension: '1024', maxAzs: 3 })();
    expect(config.network).toEqual({ natGateways: 0, maxAzs: 3 });
    expect(config.database.multiAz).toBe(true);
    expect(config.models.embeddingDimension).toBe(1024);
  });

  it('reads the environment when the context does not set a key, and the context wins', () => {
    const config = fromContext(
      { stage: 'prod' },
      { SWITCHYARD_STAGE: 'test', SWITCHYARD_SERVICE_NOW_INSTANCE_URL: 'https://acme.service-now.com/' },
    )();
    expect(config.stage).toBe('prod');
    expect(config.serviceNow.instanceUrl).toBe('https://acme.service-now.com');
  });

  it('accepts model aliases as a JSON string from the command line', () => {
    const aliases = {
      embed: { provider: 'offline', modelId: 'hashing-v1' },
      fast: { provider: 'openai-compatible', modelId: 'llama3.1:8b' },
    };
    // every model needs a price (0 for a free one), and an openai-compatible alias its endpoint
    const priceTable = {
      'hashing-v1': { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
      'llama3.1:8b': { inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.2 },
    };
    const config = fromContext({
      modelAliases: JSON.stringify(aliases),
      priceTable: JSON.stringify(priceTable),
      openAiBaseUrl: 'http://litellm.internal:4000/v1',
    })();
    expect(config.models.aliases).toEqual(aliases);
  });

  it.each([
    [{ dbMultiAz: 'yes' }, 'context key "dbMultiAz"'],
    [{ natGateways: '7' }, 'context key "natGateways"'],
    [{ embeddingDimension: '300' }, 'expected one of 256, 512, 1024'],
    [{ serviceNowInstanceUrl: 'http://acme.service-now.com' }, 'serviceNowInstanceUrl'],
    [{ entraTenantId: 'contoso' }, 'expected a tenant GUID'],
    [{ logRetentionDays: '10' }, 'logRetentionDays'],
    [{ modelAliases: '{"fast":{"provider":"x","modelId":"m"}}' }, 'modelAliases'],
    [{ modelAliases: '{"embed":{"provider":"bedrock","modelId":"m","fallback":"nope"}}' }, 'names alias "nope"'],
    [{ dbAllocatedStorageGiB: '200', dbMaxAllocatedStorageGiB: '100' }, 'dbMaxAllocatedStorageGiB'],
  ])('rejects %j with a message naming the key', (context, expected) => {
    expect(fromContext(context)).toThrowError(ConfigurationError);
    expect(fromContext(context)).toThrowError(expected);
  });

  it('names the environment variable when the bad value came from there', () => {
    expect(fromContext({}, { SWITCHYARD_DB_MULTI_AZ: 'maybe' })).toThrowError(
      'environment variable SWITCHYARD_DB_MULTI_AZ',
    );
  });
});

describe('environmentVariableFor', () => {
  it.each([
    ['natGateways', 'SWITCHYARD_NAT_GATEWAYS'],
    ['dbAllocatedStorageGiB', 'SWITCHYARD_DB_ALLOCATED_STORAGE_GI_B'],
    ['stage', 'SWITCHYARD_STAGE'],
  ])('maps %s to %s', (key, variable) => {
    expect(environmentVariableFor(key)).toBe(variable);
  });
});
