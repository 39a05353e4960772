import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStepFunctionsWorker } from '../../../lambdas/change-validation/step-functions-worker';

// Step Functions is an AWS API: mocked with aws-sdk-client-mock.
const sfn = mockClient(SFNClient);
const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:ChangeValidation';
const ticket = {
  kind: 'change-validation' as const,
  jobId: '3f0c9a52-4b1e-4a3b-9d7e-2a4c1b0e5f11',
  correlationId: 'req-1',
  record: { number: 'CHG0030001', sys_updated_on: '2026-11-01 10:00:00', sys_mod_count: '3' },
};

describe('the Step Functions change validation worker', () => {
  beforeEach(() => sfn.reset());

  it('starts an execution named after the change version with ids only as input', async () => {
    // arrange
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${ARN}:CHG0030001-v3`, startDate: new Date() });
    // act
    const outcome = await createStepFunctionsWorker(new SFNClient({ region: 'eu-west-1' }), ARN)(ticket);
    // assert
    expect(outcome.reference).toBe(`${ARN}:CHG0030001-v3`);
    const input = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ stateMachineArn: ARN, name: 'CHG0030001-v3' });
    expect(JSON.parse(input?.input ?? '{}')).toEqual({
      validationId: ticket.jobId,
      correlationId: 'req-1',
      changeNumber: 'CHG0030001',
    });
  });

  it('treats a repeated delivery (ExecutionAlreadyExists) as already started', async () => {
    // arrange
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    // act
    const outcome = await createStepFunctionsWorker(new SFNClient({ region: 'eu-west-1' }), ARN)(ticket);
    // assert
    expect(outcome.reference).toBe('arn:aws:states:eu-west-1:123456789012:execution:ChangeValidation:CHG0030001-v3');
  });

  it('fails the hand-over with DEPENDENCY_FAILED when Step Functions refuses', async () => {
    // arrange
    sfn.on(StartExecutionCommand).rejects(new Error('AccessDenied'));
    // act / assert
    await expect(createStepFunctionsWorker(new SFNClient({ region: 'eu-west-1' }), ARN)(ticket)).rejects.toMatchObject({
      code: 'DEPENDENCY_FAILED',
    });
  });
});
