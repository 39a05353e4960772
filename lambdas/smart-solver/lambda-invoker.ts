import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { AppError } from '../shared/errors';
import { type AgentReply, AgentReplySchema } from './agent-contract';
import type { AgentInvoke } from './enrich-incident';
import { INCIDENT_AGENTS, type IncidentAgent } from './policy';

/**
 * The solver's agent calls in AWS: a synchronous Lambda Invoke of the agent's function
 * with the event as payload, aborted at the solver's timeout. A function error (the
 * agent threw) becomes an error with the agent's message; the reply is validated.
 */
export function createLambdaAgentInvoker(
  client: LambdaClient,
  functions: Readonly<Record<string, string>>,
): AgentInvoke {
  const missing = INCIDENT_AGENTS.filter((agent) => functions[agent] === undefined);
  if (missing.length > 0)
    throw new AppError(
      'INTERNAL',
      `INCIDENT_AGENT_FUNCTIONS names no function for ${missing.join(', ')}; the solver needs all five.`,
    );
  return async (agent: IncidentAgent, event, signal): Promise<AgentReply> => {
    const reply = await client.send(
      new InvokeCommand({
        FunctionName: functions[agent],
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
      { abortSignal: signal },
    );
    const text = reply.Payload === undefined ? '' : new TextDecoder().decode(reply.Payload);
    if (reply.FunctionError !== undefined) {
      const message = readErrorMessage(text);
      throw new AppError('DEPENDENCY_FAILED', `${agent} failed: ${message}`);
    }
    return AgentReplySchema.parse(JSON.parse(text));
  };
}

function readErrorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { errorMessage?: unknown; errorType?: unknown };
    return typeof body.errorMessage === 'string' ? body.errorMessage : text;
  } catch {
    return text || 'no error message';
  }
}
