import { SFNClient } from '@aws-sdk/client-sfn';
import type { JobKind, JobWorker } from '../api/jobs/dispatcher';
import type { RuntimeConfig } from '../shared/config';
import { createStepFunctionsWorker } from './step-functions-worker';

/**
 * The API function's job workers for change validation: with a state machine
 * configured (CHANGE_VALIDATION_STATE_MACHINE_ARN, set by the ChangeValidation
 * construct), POST starts an execution; without one, none is registered.
 */
export function changeValidationWorkers(
  config: RuntimeConfig,
  client: SFNClient = new SFNClient(config.embedding.region === undefined ? {} : { region: config.embedding.region }),
): Partial<Record<JobKind, JobWorker>> {
  const arn = config.changeValidation.stateMachineArn;
  return arn === undefined ? {} : { 'change-validation': createStepFunctionsWorker(client, arn) };
}
