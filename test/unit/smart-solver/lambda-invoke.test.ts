import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readRuntimeConfig } from '../../../lambdas/shared/config';
import { createSolverInvokeWorker, incidentEnrichmentWorkers } from '../../../lambdas/smart-solver/api-workers';
import { createLambdaAgentInvoker } from '../../../lambdas/smart-solver/lambda-invoker';

// Lambda is an AWS API: mocked with aws-sdk-client-mock.
const lambda = mockClient(LambdaClient);
const FUNCTIONS = {
  'tag-classifier': 'sy-TagClassifier',
  'incident-similarity': 'sy-IncidentSimilarity',
  'incident-associator': 'sy-IncidentAssociator',
  'change-associator': 'sy-ChangeAssociator',
  'context-retriever': 'sy-ContextRetriever',
};
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const decode = (payload: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(payload));
const event = { correlationId: 'req-1', model: 'when-uncertain' as const, input: { shortDescription: 'VPN down' } };
const reply = {
  agent: 'tag-classifier',
  output: { category: null },
  model: { asked: false, reason: 'confident tags from history: the model is skipped' },
  usage: { modelCalls: 0, inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 },
};

describe('the Smart Solver’s agent invoker in AWS', () => {
  beforeEach(() => lambda.reset());

  it('invokes the agent’s own function synchronously with the event and returns its validated reply', async () => {
    // arrange
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode(reply) as never });
    const invoke = createLambdaAgentInvoker(new LambdaClient({ region: 'eu-west-1' }), FUNCTIONS);
    // act
    const out = await invoke('tag-classifier', event, new AbortController().signal);
    // assert
    expect(out).toEqual(reply);
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'sy-TagClassifier', InvocationType: 'RequestResponse' });
    expect(decode(input?.Payload as Uint8Array)).toEqual(event);
  });

  it('turns a function error into an error naming the agent and its message', async () => {
    // arrange
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: encode({ errorType: 'Error', errorMessage: 'database unavailable' }) as never,
    });
    const invoke = createLambdaAgentInvoker(new LambdaClient({ region: 'eu-west-1' }), FUNCTIONS);
    // act
    const call = invoke('context-retriever', event, new AbortController().signal);
    // assert
    await expect(call).rejects.toThrow('context-retriever failed: database unavailable');
  });

  it('refuses a configuration that does not name all five agents', () => {
    // act
    const build = () => createLambdaAgentInvoker(new LambdaClient({}), { 'tag-classifier': 'x' });
    // assert
    expect(build).toThrow(/incident-similarity, incident-associator, change-associator, context-retriever/);
  });
});

describe('the API function’s incident enrichment worker', () => {
  beforeEach(() => lambda.reset());
  const ticket = {
    kind: 'incident-enrichment' as const,
    jobId: '3f0c9a52-4b1e-4a3b-9d7e-2a4c1b0e5f11',
    correlationId: 'req-9',
    record: { number: 'INC0010001' },
  };

  it('invokes the Smart Solver asynchronously with the job’s ids only', async () => {
    // arrange
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    // act
    const outcome = await createSolverInvokeWorker(new LambdaClient({ region: 'eu-west-1' }), 'sy-SmartSolver')(ticket);
    // assert
    expect(outcome.reference).toBe('sy-SmartSolver:202');
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'sy-SmartSolver', InvocationType: 'Event' });
    expect(decode(input?.Payload as Uint8Array)).toEqual({ enrichmentId: ticket.jobId, correlationId: 'req-9' });
  });

  it('fails the hand-over when Lambda does not accept the invoke', async () => {
    // arrange
    lambda.on(InvokeCommand).rejects(new Error('TooManyRequestsException'));
    // act
    const call = createSolverInvokeWorker(new LambdaClient({ region: 'eu-west-1' }), 'sy-SmartSolver')(ticket);
    // assert
    await expect(call).rejects.toThrow(`Lambda did not accept the enrichment of job ${ticket.jobId}.`);
  });

  it.each([
    [{}, []],
    [{ SMART_SOLVER_FUNCTION_NAME: 'sy-SmartSolver' }, ['incident-enrichment']],
  ])('registers a worker only when the solver function is configured (%o)', (env, kinds) => {
    // act
    const workers = incidentEnrichmentWorkers(readRuntimeConfig(env), new LambdaClient({}));
    // assert
    expect(Object.keys(workers)).toEqual(kinds);
  });
});
