// The Bedrock case mocks AWS with aws-sdk-client-mock.
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { createEmbedder } from '../../../lambdas/shared/embeddings/embedder';
import { HASHING_EMBEDDER_MODEL_ID } from '../../../lambdas/shared/embeddings/hashing-embedder';
import { TITAN_EMBED_TEXT_V2 } from '../../../lambdas/shared/embeddings/titan-embedder';

describe('createEmbedder', () => {
  it('builds the offline embedder with the configured dimension', () => {
    // act
    const embedder = createEmbedder({ provider: 'offline', modelId: TITAN_EMBED_TEXT_V2, dimension: 384 });
    // assert
    expect(embedder).toMatchObject({ modelId: HASHING_EMBEDDER_MODEL_ID, dimension: 384 });
  });

  it('builds the Titan embedder on the injected client', () => {
    // act
    const embedder = createEmbedder(
      { provider: 'bedrock', modelId: TITAN_EMBED_TEXT_V2, dimension: 1024, region: 'eu-west-1' },
      { bedrock: new BedrockRuntimeClient({ region: 'eu-west-1' }) },
    );
    // assert
    expect(embedder).toMatchObject({ modelId: TITAN_EMBED_TEXT_V2, dimension: 1024 });
  });

  it('asks for a client when the bedrock provider has none', () => {
    expect(() => createEmbedder({ provider: 'bedrock', modelId: TITAN_EMBED_TEXT_V2, dimension: 512 })).toThrowError(
      'deps.bedrock',
    );
  });
});
