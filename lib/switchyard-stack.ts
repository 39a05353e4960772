import { CfnOutput, Fn, Stack, type StackProps, Tags, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ChangeValidation } from './change-validation/change-validation';
import type { SwitchyardConfig } from './config';
import { DataBuckets } from './data/buckets';
import { Database } from './data/database';
import { DatabaseMigrations } from './data/migrations';
import { EtlPipeline } from './etl/etl';
import { Gateway } from './gateway/gateway';
import { IncidentEnrichment } from './incident-enrichment/incident-enrichment';
import { Inference } from './inference/inference';
import { Network } from './network/network';

/** Properties of {@link SwitchyardStack}. */
export interface SwitchyardStackProps extends StackProps {
  /** The validated configuration (`loadConfig`). */
  readonly config: SwitchyardConfig;
}

/**
 * One Switchyard deployment (`Switchyard-<stage>`): the network, the database with its
 * schema, and the data buckets. Later parts (gateway, agents, ETL) are added here and
 * wired with the `grant*` methods of the constructs exposed below.
 */
export class SwitchyardStack extends Stack {
  /** The configuration this stack was built from. */
  readonly config: SwitchyardConfig;
  /** VPC, subnets, endpoints and the function security group. */
  readonly network: Network;
  /** PostgreSQL behind RDS Proxy. */
  readonly database: Database;
  /** The schema custom resource and its function. */
  readonly migrations: DatabaseMigrations;
  /** Raw and curated ServiceNow data. */
  readonly buckets: DataBuckets;
  /** The ETL: scheduled incremental run and the backfill state machine. */
  readonly etl: EtlPipeline;
  /** The MicroGateway: HTTP API, Entra ID JWT authorizer, the API function. */
  readonly gateway: Gateway;
  /**
   * The guardrail and model configuration; a function calling models gets
   * `inference.environment()` and `inference.grantInvoke(fn)`.
   */
  readonly inference: Inference;
  /** Change validation: the four agents and their state machine, started by the API. */
  readonly changeValidation: ChangeValidation;
  /** Incident enrichment: the Smart Solver and its five agents (issue 7). */
  readonly incidentEnrichment: IncidentEnrichment;

  /**
   * An environment-agnostic stack gets only two AZs from CDK; ask CloudFormation for
   * `maxAzs` of the region's AZs instead, so `maxAzs=3` works without pinning an account.
   * (A region offering the account fewer AZs than `maxAzs` fails at deploy time.)
   */
  override get availabilityZones(): string[] {
    if (!Token.isUnresolved(this.region)) return super.availabilityZones;
    return Array.from({ length: this.config.network.maxAzs }, (_, index) => Fn.select(index, Fn.getAzs()));
  }

  constructor(scope: Construct, id: string, props: SwitchyardStackProps) {
    super(scope, id, {
      description: `Switchyard (${props.config.stage}): AI agents in ServiceNow change and incident processes`,
      ...props,
    });
    const { config } = props;
    this.config = config;
    Tags.of(this).add('Project', 'Switchyard');
    Tags.of(this).add('Stage', config.stage);

    this.network = new Network(this, 'Network', {
      natGateways: config.network.natGateways,
      maxAzs: config.network.maxAzs,
      flowLogRetentionDays: config.retention.logRetentionDays,
    });

    this.database = new Database(this, 'Database', {
      vpc: this.network.vpc,
      subnets: this.network.databaseSubnets,
      clients: [this.network.functionSecurityGroup],
      instanceClass: config.database.instanceClass,
      allocatedStorageGiB: config.database.allocatedStorageGiB,
      maxAllocatedStorageGiB: config.database.maxAllocatedStorageGiB,
      multiAz: config.database.multiAz,
      backupRetentionDays: config.database.backupRetentionDays,
      deletionProtection: config.database.deletionProtection,
      logRetentionDays: config.retention.logRetentionDays,
      logEncryptionKey: this.network.logEncryptionKey,
    });

    this.migrations = new DatabaseMigrations(this, 'Migrations', {
      database: this.database,
      vpc: this.network.vpc,
      vpcSubnets: this.network.functionSubnets,
      securityGroup: this.network.functionSecurityGroup,
      embeddingDimension: config.models.embeddingDimension,
      stage: config.stage,
      logRetentionDays: config.retention.logRetentionDays,
      logEncryptionKey: this.network.logEncryptionKey,
    });

    this.buckets = new DataBuckets(this, 'Buckets', {
      rawDataRetentionDays: config.retention.rawDataDays,
      accessLogRetentionDays: config.retention.accessLogDays,
    });

    // The ServiceNow OAuth client's credentials: created by hand (README), read by every part that calls ServiceNow.
    const serviceNowSecret = secretsmanager.Secret.fromSecretNameV2(
      this,
      'ServiceNowSecret',
      config.serviceNow.secretName,
    );
    this.etl = new EtlPipeline(this, 'Etl', {
      vpc: this.network.vpc,
      vpcSubnets: this.network.functionSubnets,
      securityGroup: this.network.functionSecurityGroup,
      database: this.database,
      buckets: this.buckets,
      serviceNowInstanceUrl: config.serviceNow.instanceUrl,
      serviceNowSecret,
      embeddingModelId: config.models.aliases.embed?.modelId ?? 'amazon.titan-embed-text-v2:0',
      embeddingDimension: config.models.embeddingDimension,
      scheduleExpression: config.etl.schedule,
      stage: config.stage,
      logRetentionDays: config.retention.logRetentionDays,
      logEncryptionKey: this.network.logEncryptionKey,
    });
    // The ETL loads the tables the migrations create.
    this.etl.node.addDependency(this.migrations.resource);

    this.inference = new Inference(this, 'Inference', {
      aliases: config.models.aliases,
      prices: config.models.prices,
      budgets: config.models.budgets,
      promptAttackStrength: config.guardrail.promptAttackStrength,
      contentFilterStrength: config.guardrail.contentFilterStrength,
      ...(config.models.openAiBaseUrl !== undefined ? { openAiBaseUrl: config.models.openAiBaseUrl } : {}),
    });

    const { gateway } = config;
    this.gateway = new Gateway(this, 'Gateway', {
      vpc: this.network.vpc,
      vpcSubnets: this.network.functionSubnets,
      securityGroup: this.network.functionSecurityGroup,
      database: this.database,
      issuer: config.entraId.issuer,
      audience: config.entraId.audience,
      stage: config.stage,
      throttlingRateLimit: gateway.throttleRateLimit,
      throttlingBurstLimit: gateway.throttleBurstLimit,
      corsAllowedOrigins: gateway.corsAllowedOrigins,
      ...(gateway.customDomain === undefined
        ? {}
        : {
            domainName: gateway.customDomain.domainName,
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'ApiCertificate',
              gateway.customDomain.certificateArn,
            ),
          }),
      logRetentionDays: config.retention.logRetentionDays,
      logEncryptionKey: this.network.logEncryptionKey,
      // The assistant answers inside the API function: it embeds with the same model as the
      // ETL (queries must live in the stored vectors' space) and calls models through the layer.
      environment: {
        ...this.inference.environment(),
        EMBEDDING_PROVIDER: 'bedrock',
        EMBEDDING_MODEL_ID: config.models.aliases.embed?.modelId ?? 'amazon.titan-embed-text-v2:0',
        EMBEDDING_DIMENSION: String(config.models.embeddingDimension),
        SERVICENOW_INSTANCE_URL: config.serviceNow.instanceUrl,
      },
    });
    this.inference.grantInvoke(this.gateway.fn);
    // The API serves the schema the migrations create.
    this.gateway.fn.node.addDependency(this.migrations.resource);

    this.changeValidation = new ChangeValidation(this, 'ChangeValidation', {
      vpc: this.network.vpc,
      vpcSubnets: this.network.functionSubnets,
      securityGroup: this.network.functionSecurityGroup,
      database: this.database,
      inference: this.inference,
      autoTransition: config.changeValidation.autoTransition,
      serviceNowInstanceUrl: config.serviceNow.instanceUrl,
      serviceNowSecret,
      embeddingModelId: config.models.aliases.embed?.modelId ?? 'amazon.titan-embed-text-v2:0',
      embeddingDimension: config.models.embeddingDimension,
      stage: config.stage,
      logRetentionDays: config.retention.logRetentionDays,
      logEncryptionKey: this.network.logEncryptionKey,
    });
    this.changeValidation.grantStartExecution(this.gateway.fn);
    this.gateway.fn.addEnvironment(
      'CHANGE_VALIDATION_STATE_MACHINE_ARN',
      this.changeValidation.stateMachine.stateMachineArn,
    );

    this.incidentEnrichment = new IncidentEnrichment(this, 'IncidentEnrichment', {
      vpc: this.network.vpc,
      vpcSubnets: this.network.functionSubnets,
      securityGroup: this.network.functionSecurityGroup,
      database: this.database,
      inference: this.inference,
      serviceNowInstanceUrl: config.serviceNow.instanceUrl,
      serviceNowSecret,
      embeddingModelId: config.models.aliases.embed?.modelId ?? 'amazon.titan-embed-text-v2:0',
      embeddingDimension: config.models.embeddingDimension,
      stage: config.stage,
      logRetentionDays: config.retention.logRetentionDays,
      logEncryptionKey: this.network.logEncryptionKey,
      // Each successful incremental ETL run also starts the Tag Classifier trainer.
      historyLoader: this.etl.incrementalFunction,
    });
    // The agents read the tables the migrations create.
    this.incidentEnrichment.node.addDependency(this.migrations.resource);
    this.incidentEnrichment.grantInvokeSolver(this.gateway.fn);
    this.gateway.fn.addEnvironment('SMART_SOLVER_FUNCTION_NAME', this.incidentEnrichment.solver.functionName);

    new CfnOutput(this, 'ApiUrl', {
      description: 'The MicroGateway base URL ServiceNow calls (Entra ID bearer token required)',
      value: this.gateway.url,
    });
    new CfnOutput(this, 'DatabaseProxyEndpoint', {
      description: 'RDS Proxy endpoint (PostgreSQL, port 5432, TLS and IAM auth required)',
      value: this.database.proxy.endpoint,
    });
    new CfnOutput(this, 'DatabaseSecretArn', {
      description: 'Secrets Manager ARN of the rotated master credentials',
      value: this.database.secret.secretArn,
    });
    new CfnOutput(this, 'RawBucketName', {
      description: 'Raw ServiceNow extracts',
      value: this.buckets.raw.bucketName,
    });
    new CfnOutput(this, 'CuratedBucketName', {
      description: 'Curated records ready to embed and load',
      value: this.buckets.curated.bucketName,
    });
    this.network.natPublicIps.forEach((ip, index) => {
      new CfnOutput(this, `NatPublicIp${index + 1}`, {
        description: 'Egress IP to allow-list in ServiceNow IP access control',
        value: ip,
      });
    });
  }
}
