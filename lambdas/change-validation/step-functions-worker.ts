import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { JobTicket, JobWorker } from '../api/jobs/dispatcher';
import { AppError } from '../shared/errors';
import type { ExecutionInput } from './agents';
import { executionName } from './execution-name';

/**
 * The change validation worker in AWS: starts an execution of the state machine named
 * after the change number and version, with ids only as input. A repeated delivery
 * finds the execution already there (ExecutionAlreadyExists) and is not run again.
 */
export function createStepFunctionsWorker(client: SFNClient, stateMachineArn: string): JobWorker {
  return async (ticket: JobTicket) => {
    const name = executionName(ticket.record);
    const input: ExecutionInput = {
      validationId: ticket.jobId,
      correlationId: ticket.correlationId,
      changeNumber: name.split('-')[0] ?? name,
    };
    try {
      const started = await client.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return { reference: started.executionArn ?? name };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return { reference: executionArnOf(stateMachineArn, name) };
      throw new AppError('DEPENDENCY_FAILED', `Step Functions did not start the validation of ${input.changeNumber}.`, {
        cause: error,
      });
    }
  };
}

/** The ARN of a standard workflow's execution by name. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}
