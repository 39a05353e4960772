import { Tracer } from '@aws-lambda-powertools/tracer';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { EtlDependencies } from '../../etl/pipeline/run-etl';
import { connectServiceNow } from '../../etl/servicenow-connection';
import { createS3Client, s3ObjectStore } from '../../etl/store/s3-object-store';
import { readRuntimeConfig } from '../shared/config';
import { createPool } from '../shared/db/pool';
import { createEmbedder } from '../shared/embeddings/embedder';
import { AppError } from '../shared/errors';
import { secretsManagerCredentials, staticCredentials } from '../shared/servicenow';

/**
 * What the ETL functions share, created once per execution environment: the
 * configuration, the pg pool (RDS Proxy, IAM auth), traced S3 and Bedrock clients, the
 * ServiceNow client (OAuth client from Secrets Manager) and the embedder.
 */

export const config = readRuntimeConfig();
export const tracer = new Tracer({ serviceName: 'switchyard-etl' });

let dependencies: EtlDependencies | undefined;

/** The ETL's dependencies, built on first use (a cold start that fails names the missing setting). */
export function etlDependencies(): EtlDependencies {
  if (dependencies !== undefined) return dependencies;
  const buckets = config.etl.buckets;
  if (buckets === undefined) {
    throw new AppError('INTERNAL', 'ETL_RAW_BUCKET and ETL_CURATED_BUCKET must name the raw and curated buckets.');
  }
  const s3 = tracer.captureAWSv3Client(createS3Client({ region: config.embedding.region }));
  const bedrock =
    config.embedding.provider === 'bedrock'
      ? tracer.captureAWSv3Client(new BedrockRuntimeClient({ region: config.embedding.region }))
      : undefined;
  const credentials =
    config.serviceNowCredentials.kind === 'secret'
      ? secretsManagerCredentials(config.serviceNowCredentials.secretName)
      : staticCredentials(config.serviceNowCredentials);
  dependencies = {
    client: connectServiceNow(config.serviceNowInstanceUrl, credentials),
    raw: s3ObjectStore(s3, buckets.raw),
    curated: s3ObjectStore(s3, buckets.curated),
    db: createPool(config.database),
    embedder: createEmbedder(config.embedding, bedrock === undefined ? {} : { bedrock }),
  };
  return dependencies;
}
