import { Tracer } from '@aws-lambda-powertools/tracer';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { connectServiceNow } from '../../etl/servicenow-connection';
import { readRuntimeConfig } from '../shared/config';
import { createPool } from '../shared/db/pool';
import { createEmbedder } from '../shared/embeddings/embedder';
import { createConfiguredInference, createPostgresLedger } from '../shared/inference';
import { secretsManagerCredentials, staticCredentials } from '../shared/servicenow';
import { createHistoryClassifierSource } from '../tag-classifier/history';
import { createIncidentAgentHandlers, type IncidentAgentHandler } from './agents';
import type { SmartSolverDependencies } from './enrich-incident';
import { createLambdaAgentInvoker } from './lambda-invoker';
import type { IncidentAgent } from './policy';
import { createUsageTap } from './usage-tap';

/** The incident enrichment functions' tracer (X-Ray), shared by the six functions. */
export const tracer = new Tracer({ serviceName: 'switchyard-incident-enrichment' });

let agents: Record<IncidentAgent, IncidentAgentHandler> | undefined;
let solver: SmartSolverDependencies | undefined;

/**
 * The agents' handlers over their AWS dependencies, built on first use and kept for the
 * execution environment: the pg pool (RDS Proxy, IAM auth), the embedder, the configured
 * inference layer recording through the usage tap, and the Tag Classifier loaded from the
 * newest model the trainer stored (trained here only when none is stored).
 */
export function awsIncidentAgentHandlers(): Record<IncidentAgent, IncidentAgentHandler> {
  if (agents !== undefined) return agents;
  const config = readRuntimeConfig();
  const db = createPool(config.database);
  const embedder = createEmbedder(config.embedding);
  const usage = createUsageTap(createPostgresLedger(db));
  agents = createIncidentAgentHandlers({
    db,
    embedder,
    usage,
    inference: createConfiguredInference(config, { db, embedder, ledger: usage.ledger }),
    history: createHistoryClassifierSource(db),
  });
  return agents;
}

/**
 * The Smart Solver's AWS dependencies: the pg pool, the agents' functions invoked through
 * the Lambda client (traced), and the ServiceNow client (OAuth client from Secrets Manager).
 */
export function awsSmartSolverDependencies(): SmartSolverDependencies {
  if (solver !== undefined) return solver;
  const config = readRuntimeConfig();
  const credentials =
    config.serviceNowCredentials.kind === 'secret'
      ? secretsManagerCredentials(config.serviceNowCredentials.secretName)
      : staticCredentials(config.serviceNowCredentials);
  const lambda = tracer.captureAWSv3Client(
    new LambdaClient(config.embedding.region === undefined ? {} : { region: config.embedding.region }),
  );
  solver = {
    db: createPool(config.database),
    invoke: createLambdaAgentInvoker(lambda, config.incidentEnrichment.agentFunctions ?? {}),
    serviceNow: connectServiceNow(config.serviceNowInstanceUrl, credentials),
    settings: {
      agentTimeoutMs: config.incidentEnrichment.agentTimeoutMs,
      modelConfigured: Object.keys(config.inference.aliases).length > 0,
    },
  };
  return solver;
}
