import { Tracer } from '@aws-lambda-powertools/tracer';
import { connectServiceNow } from '../../etl/servicenow-connection';
import { readRuntimeConfig } from '../shared/config';
import { createPool } from '../shared/db/pool';
import { createEmbedder } from '../shared/embeddings/embedder';
import { createConfiguredInference, createPostgresLedger } from '../shared/inference';
import { createBufferedLedger } from '../shared/inference/ledger-buffer';
import { secretsManagerCredentials, staticCredentials } from '../shared/servicenow';
import { type AgentHandlers, createAgentHandlers } from './agents';
import { createCatalogueCache } from './catalogue';
import { BUFFERED_LEDGER_AGENTS, type ChangeValidationDependencies, rerankAliasOf } from './dependencies';

/** The agents' tracer (X-Ray), shared by the four functions. */
export const tracer = new Tracer({ serviceName: 'switchyard-change-validation' });

let handlers: AgentHandlers | undefined;

/**
 * The agents' handlers over their AWS dependencies, built on first use and kept for
 * the execution environment: the pg pool (RDS Proxy, IAM auth), the configured
 * inference layer, the embedder and the ServiceNow client (OAuth client from Secrets
 * Manager). A cold start that fails names the missing setting.
 */
export function awsAgentHandlers(): AgentHandlers {
  if (handlers !== undefined) return handlers;
  const config = readRuntimeConfig();
  const db = createPool(config.database);
  const credentials =
    config.serviceNowCredentials.kind === 'secret'
      ? secretsManagerCredentials(config.serviceNowCredentials.secretName)
      : staticCredentials(config.serviceNowCredentials);
  const embedder = createEmbedder(config.embedding);
  const ledger = createBufferedLedger(createPostgresLedger(db), BUFFERED_LEDGER_AGENTS);
  const rerankAlias = rerankAliasOf(config.inference.aliases);
  const deps: ChangeValidationDependencies = {
    db,
    embedder,
    inference: createConfiguredInference(config, { db, embedder, ledger }),
    serviceNow: connectServiceNow(config.serviceNowInstanceUrl, credentials),
    settings: {
      autoTransition: config.changeValidation.autoTransition,
      ...(rerankAlias === undefined ? {} : { rerankAlias }),
    },
    now: () => new Date(),
    catalogues: createCatalogueCache(),
    ledger,
  };
  handlers = createAgentHandlers(deps);
  return handlers;
}
