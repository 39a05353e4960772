import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { logger } from '../shared/observability';
import type { AgentHandlers } from './agents';
import { awsAgentHandlers, tracer } from './aws-dependencies';

/**
 * The four agents' Lambda entry points (one function each, the same bundle): each an
 * adapter over the handler `createAgentHandlers` builds, which the local runtime binds
 * to the same ASL. Step Functions sees a thrown error's name (`Switchyard.<CODE>`).
 */
function entry(agent: keyof AgentHandlers) {
  return middy(async (event: unknown) => awsAgentHandlers()[agent](event))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }));
}

/** Rule Extractor. */
export const ruleExtractor = entry('ruleExtractor');
/** Content Validator. */
export const contentValidator = entry('contentValidator');
/** AIM Model Analyst. */
export const modelAnalyst = entry('modelAnalyst');
/** Phase Transition (also the failure path's review step). */
export const phaseTransition = entry('phaseTransition');
