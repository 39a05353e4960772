import { readFileSync } from 'node:fs';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { JobTicket, JobWorker } from '../api/jobs/dispatcher';
import { logger } from '../shared/observability';
import type { AgentHandlers } from './agents';
import { executionName } from './execution-name';

/** A JSON value as the interpreter passes it. */
export type JSONValue = Parameters<StateMachine['run']>[0];

/** The ASL file CDK deploys; run as-is locally. */
export const CHANGE_VALIDATION_ASL = new URL('../../state-machines/change-validation.asl.json', import.meta.url);

/** The definition substitutions, bound locally to the agents' handler modules by these names. */
export const FUNCTION_SUBSTITUTIONS = {
  RuleExtractorFunctionArn: 'ruleExtractor',
  ContentValidatorFunctionArn: 'contentValidator',
  ModelAnalystFunctionArn: 'modelAnalyst',
  PhaseTransitionFunctionArn: 'phaseTransition',
} as const satisfies Record<string, keyof AgentHandlers>;

/** How the local interpreter runs the state machine. */
export interface LocalExecutorOptions {
  readonly handlers: AgentHandlers;
  /**
   * The wait before each retry, instead of the ASL's backoff (seconds in AWS).
   * @default 50
   */
  readonly retryIntervalMs?: number;
}

/** One local execution. */
export interface LocalExecution {
  readonly name: string;
  readonly jobId: string;
  /** Resolves with the execution's output, or rejects with its failure. */
  readonly done: Promise<JSONValue>;
}

/** The change validation worker backed by the local ASL interpreter. */
export interface LocalChangeValidationExecutor {
  /** Starts (once per execution name) the execution for a job; resolves when started. */
  readonly worker: JobWorker;
  /** The execution of a job once started. */
  execution(jobId: string): LocalExecution | undefined;
  /** Runs the state machine to its end (tests, bench). */
  run(input: { validationId: string; correlationId: string; changeNumber: string }): Promise<JSONValue>;
}

/** Loads the ASL with each `${…FunctionArn}` replaced by the local handler's name. */
export function loadLocalDefinition(): StateMachineDefinition {
  let text = readFileSync(CHANGE_VALIDATION_ASL, 'utf8');
  for (const [key, name] of Object.entries(FUNCTION_SUBSTITUTIONS)) text = text.replaceAll(`\${${key}}`, name);
  return JSON.parse(text) as StateMachineDefinition;
}

/**
 * Runs `state-machines/change-validation.asl.json` with aws-local-stepfunctions, each
 * LambdaInvoke task bound to the agent handler its FunctionName names: the task gets
 * `{ FunctionName, Payload }` and returns `{ Payload }`, as in AWS. Retries, catches
 * and timeouts are the ASL's own.
 */
export function createLocalChangeValidationExecutor(options: LocalExecutorOptions): LocalChangeValidationExecutor {
  const definition = loadLocalDefinition();
  const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  const taskStates = Object.entries(definition.States)
    .filter(([, state]) => state.Type === 'Task')
    .map(([name]) => name);
  const invoke = async (input: JSONValue): Promise<JSONValue> => {
    const { FunctionName, Payload } = input as { FunctionName: keyof AgentHandlers; Payload: unknown };
    const handler = options.handlers[FunctionName];
    if (handler === undefined) throw new Error(`No local handler is bound to FunctionName ${String(FunctionName)}.`);
    return { Payload: (await handler(Payload)) as JSONValue };
  };
  const interval = options.retryIntervalMs ?? 50;
  const runOptions = {
    overrides: {
      taskResourceLocalHandlers: Object.fromEntries(taskStates.map((name) => [name, invoke])),
      retryIntervalOverrides: Object.fromEntries(taskStates.map((name) => [name, interval])),
    },
  };
  const byName = new Map<string, LocalExecution>();
  const byJob = new Map<string, LocalExecution>();
  const run: LocalChangeValidationExecutor['run'] = (input) => machine.run(input, runOptions).result;

  return {
    run,
    execution: (jobId) => byJob.get(jobId),
    worker: async (ticket: JobTicket) => {
      const name = executionName(ticket.record);
      const existing = byName.get(name);
      if (existing !== undefined) return { reference: `local:${name}` };
      const changeNumber = name.split('-')[0] ?? name;
      const done = run({ validationId: ticket.jobId, correlationId: ticket.correlationId, changeNumber });
      done.catch((error: unknown) =>
        logger.warn('change validation execution ended in failure', { execution: name, jobId: ticket.jobId, error }),
      );
      const execution = { name, jobId: ticket.jobId, done };
      byName.set(name, execution);
      byJob.set(ticket.jobId, execution);
      return { reference: `local:${name}` };
    },
  };
}
