// These tests mock AWS: the Bedrock runtime client is replaced by aws-sdk-client-mock.
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  InvokeModelCommand,
  type InvokeModelCommandOutput,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeConfigError } from '../../../lambdas/shared/config';
import { createTitanEmbedder, TITAN_EMBED_TEXT_V2 } from '../../../lambdas/shared/embeddings/titan-embedder';
import { AppError } from '../../../lambdas/shared/errors';

const bedrock = mockClient(BedrockRuntimeClient);

afterEach(() => {
  bedrock.reset();
});

function titanResponse(embedding: readonly number[]): InvokeModelCommandOutput {
  const body = new TextEncoder().encode(JSON.stringify({ embedding, inputTextTokenCount: 7 }));
  return { body: body as InvokeModelCommandOutput['body'], contentType: 'application/json', $metadata: {} };
}

function throttling(): ThrottlingException {
  return new ThrottlingException({ message: 'Too many requests', $metadata: {} });
}

function requestBody(call: number): { inputText: string; dimensions: number; normalize: boolean } {
  const input = bedrock.commandCalls(InvokeModelCommand)[call]?.args[0].input;
  return JSON.parse(String(input?.body));
}

// An embedding that says which text it is for: [length of the text, 0, 0, ...].
function markerVector(text: string, dimension: number): number[] {
  return [text.length, ...new Array(dimension - 1).fill(0)];
}

const noWait = async () => {};

function createEmbedder(overrides: Partial<Parameters<typeof createTitanEmbedder>[0]> = {}) {
  return createTitanEmbedder({
    client: new BedrockRuntimeClient({ region: 'eu-west-1' }),
    dimension: 256,
    sleep: noWait,
    ...overrides,
  });
}

describe('the Titan embedder', () => {
  it('sends one InvokeModel per text with inputText, dimensions and normalize', async () => {
    // arrange
    bedrock.on(InvokeModelCommand).resolves(titanResponse(new Array(256).fill(0.1)));
    // act
    await createEmbedder().embed(['Servidor caído']);
    // assert
    const input = bedrock.commandCalls(InvokeModelCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      modelId: TITAN_EMBED_TEXT_V2,
      contentType: 'application/json',
      accept: 'application/json',
    });
    expect(requestBody(0)).toEqual({ inputText: 'Servidor caído', dimensions: 256, normalize: true });
  });

  it('keeps the order of a batch while calls finish out of order', async () => {
    // arrange
    const texts = Array.from({ length: 20 }, (_, i) => 'x'.repeat(i + 1));
    let inFlight = 0;
    let maxInFlight = 0;
    bedrock.on(InvokeModelCommand).callsFake(async (input: { body: string }) => {
      const { inputText } = JSON.parse(input.body) as { inputText: string };
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (20 - inputText.length) % 7));
      inFlight -= 1;
      return titanResponse(markerVector(inputText, 256));
    });
    // act
    const vectors = await createEmbedder({ concurrency: 4 }).embed(texts);
    // assert
    expect(vectors.map((vector) => vector[0])).toEqual(texts.map((text) => text.length));
    expect(maxInFlight).toBeLessThanOrEqual(4);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  it('retries throttling with growing backoff and then succeeds', async () => {
    // arrange
    bedrock
      .on(InvokeModelCommand)
      .rejectsOnce(throttling())
      .rejectsOnce(throttling())
      .resolves(titanResponse(new Array(256).fill(0.5)));
    const delays: number[] = [];
    const embedder = createEmbedder({
      baseDelayMs: 100,
      random: () => 0.99,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    // act
    const [vector] = await embedder.embed(['Printer offline']);
    // assert
    expect(vector).toHaveLength(256);
    expect(bedrock.commandCalls(InvokeModelCommand)).toHaveLength(3);
    expect(delays).toEqual([99, 198]);
  });

  it('gives up after maxAttempts with a THROTTLED error naming the model', async () => {
    // arrange
    bedrock.on(InvokeModelCommand).rejects(throttling());
    // act
    const result = createEmbedder({ maxAttempts: 3 }).embed(['Printer offline']);
    // assert
    await expect(result).rejects.toMatchObject({
      code: 'THROTTLED',
      message: expect.stringContaining(TITAN_EMBED_TEXT_V2),
    });
    expect(bedrock.commandCalls(InvokeModelCommand)).toHaveLength(3);
  });

  it('does not retry an error that waiting cannot fix', async () => {
    // arrange
    bedrock.on(InvokeModelCommand).rejects(new AccessDeniedException({ message: 'not allowed', $metadata: {} }));
    // act
    const result = createEmbedder().embed(['Printer offline']);
    // assert
    await expect(result).rejects.toMatchObject({
      code: 'DEPENDENCY_FAILED',
      message: expect.stringContaining('AccessDeniedException'),
    });
    expect(bedrock.commandCalls(InvokeModelCommand)).toHaveLength(1);
  });

  it.each([
    ['an embedding of the wrong length', titanResponse([0.1, 0.2, 0.3])],
    ['no embedding', { body: new TextEncoder().encode('{"message":"ok"}'), $metadata: {} }],
    ['a body that is not JSON', { body: new TextEncoder().encode('<html>'), $metadata: {} }],
  ])('rejects a response with %s, naming the model', async (_, response) => {
    // arrange
    bedrock.on(InvokeModelCommand).resolves(response as InvokeModelCommandOutput);
    // act
    const result = createEmbedder().embed(['Printer offline']);
    // assert
    await expect(result).rejects.toThrowError(AppError);
    await expect(result).rejects.toThrowError(TITAN_EMBED_TEXT_V2);
  });

  it('cuts an over-long text to the character limit', async () => {
    // arrange
    bedrock.on(InvokeModelCommand).resolves(titanResponse(new Array(256).fill(0.1)));
    // act
    await createEmbedder({ maxInputChars: 100 }).embed(['a'.repeat(500)]);
    // assert
    expect(requestBody(0).inputText).toHaveLength(100);
  });

  it('gives the zero vector for an empty text without calling the model', async () => {
    // act
    const [vector] = await createEmbedder().embed(['  ']);
    // assert
    expect(vector).toEqual(new Array(256).fill(0));
    expect(bedrock.commandCalls(InvokeModelCommand)).toHaveLength(0);
  });

  it.each([128, 300, 1536])('rejects dimension %i, naming the ones Titan offers', (dimension) => {
    expect(() => createEmbedder({ dimension })).toThrowError(RuntimeConfigError);
    expect(() => createEmbedder({ dimension })).toThrowError('256, 512, 1024');
  });
});
