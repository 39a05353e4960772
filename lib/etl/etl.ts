import { join } from 'node:path';
import { Arn, ArnFormat, type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { DataBuckets } from '../data/buckets';
import type { Database } from '../data/database';
import { acknowledgeVpcFunctionManagedPolicies } from '../shared/lambda-findings';
import { PROJECT_ROOT, SwitchyardFunction } from '../shared/switchyard-function';

/** The repository root, where `package-lock.json`, `lambdas/` and `state-machines/` live. */

/** The backfill definition, loaded as-is with substitutions. */
export const BACKFILL_ASL_FILE = join(PROJECT_ROOT, 'state-machines/etl-backfill.asl.json');

/** Properties of {@link EtlPipeline}. */
export interface EtlPipelineProps {
  /** The VPC the functions run in. */
  readonly vpc: ec2.IVpc;
  /** Private subnets with egress (ServiceNow is on the internet). */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** Security group of the functions; it is allowed to reach the database proxy. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The database loaded (through RDS Proxy, IAM auth). */
  readonly database: Database;
  /** The raw and curated buckets. */
  readonly buckets: DataBuckets;
  /** The ServiceNow instance, `https://<name>.service-now.com`. */
  readonly serviceNowInstanceUrl: string;
  /** The secret holding the OAuth client, `{"clientId","clientSecret"}`. */
  readonly serviceNowSecret: secretsmanager.ISecret;
  /**
   * The Bedrock embedding model (Titan Text Embeddings v2); the functions may invoke it and nothing else.
   * @default 'amazon.titan-embed-text-v2:0'
   */
  readonly embeddingModelId?: string;
  /**
   * The length of the stored vectors.
   * @default 512
   */
  readonly embeddingDimension?: number;
  /**
   * EventBridge Scheduler expression of the incremental run, e.g. `rate(1 hour)` or `cron(0/15 * * * ? *)`.
   * @default 'rate(1 hour)'
   */
  readonly scheduleExpression?: string;
  /**
   * Rows per Table API page and raw partition.
   * @default 1000
   */
  readonly pageSize?: number;
  /**
   * The stage name the functions report (SWITCHYARD_STAGE).
   * @default 'dev'
   */
  readonly stage?: string;
  /**
   * Days to keep the functions' and the state machine's logs; a CloudWatch Logs retention period.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Key for the log groups; its policy must allow CloudWatch Logs.
   * @default encrypted with the CloudWatch Logs service key
   */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * The ETL in AWS: a scheduled incremental run (EventBridge Scheduler → Lambda) and a
 * backfill state machine (state-machines/etl-backfill.asl.json) that extracts every
 * table in full and fans the raw partitions out over a Distributed Map, its failed
 * items written to S3 where a person can see and re-drive them.
 */
export class EtlPipeline extends Construct {
  /** The scheduled incremental run: every table from its watermark. */
  readonly incrementalFunction: nodejs.NodejsFunction;
  /** The backfill's start, extract, seal and finish steps. */
  readonly backfillFunction: nodejs.NodejsFunction;
  /** Transforms and loads one raw partition (the Distributed Map's items). */
  readonly partitionFunction: nodejs.NodejsFunction;
  /** The backfill state machine. */
  readonly backfillStateMachine: sfn.StateMachine;
  /** The incremental run's schedule. */
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: EtlPipelineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const modelId = props.embeddingModelId ?? 'amazon.titan-embed-text-v2:0';
    const logRetention = (props.logRetentionDays ?? 30) as logs.RetentionDays;
    const scheduleExpression = props.scheduleExpression ?? 'rate(1 hour)';
    if (!/^(rate|cron|at)\(.+\)$/.test(scheduleExpression)) {
      throw new Error(
        `EtlPipeline scheduleExpression must be rate(...), cron(...) or at(...); got "${scheduleExpression}".`,
      );
    }
    const environment: Record<string, string> = {
      EMBEDDING_PROVIDER: 'bedrock',
      EMBEDDING_MODEL_ID: modelId,
      EMBEDDING_DIMENSION: String(props.embeddingDimension ?? 512),
      SERVICENOW_INSTANCE_URL: props.serviceNowInstanceUrl,
      SERVICENOW_SECRET_NAME: props.serviceNowSecret.secretName,
      ETL_RAW_BUCKET: props.buckets.raw.bucketName,
      ETL_CURATED_BUCKET: props.buckets.curated.bucketName,
      ETL_PAGE_SIZE: String(props.pageSize ?? 1000),
    };
    const fn = (name: string, entry: string, description: string, timeout: Duration) => {
      const f = new SwitchyardFunction(this, name, {
        description,
        entry,
        serviceName: 'switchyard-etl',
        stage: props.stage,
        timeout,
        vpc: props.vpc,
        vpcSubnets: props.vpcSubnets,
        securityGroup: props.securityGroup,
        database: props.database,
        logRetentionDays: props.logRetentionDays,
        logEncryptionKey: props.logEncryptionKey,
        environment,
      });
      props.serviceNowSecret.grantRead(f);
      f.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['bedrock:InvokeModel'],
          resources: [
            Arn.format({ service: 'bedrock', account: '', resource: 'foundation-model', resourceName: modelId }, stack),
          ],
        }),
      );
      return f;
    };

    this.incrementalFunction = fn(
      'IncrementalFunction',
      'lambdas/etl/incremental/handler.ts',
      'Switchyard ETL: scheduled incremental run (ServiceNow → raw → curated → PostgreSQL)',
      Duration.minutes(15),
    );
    this.backfillFunction = fn(
      'BackfillFunction',
      'lambdas/etl/backfill/handler.ts',
      'Switchyard ETL backfill: start, extract a table in pages, seal the partition list, finish',
      Duration.minutes(15),
    );
    this.partitionFunction = fn(
      'PartitionFunction',
      'lambdas/etl/partition/handler.ts',
      'Switchyard ETL: transform, redact, embed and load one raw partition',
      Duration.minutes(10),
    );
    for (const f of [this.incrementalFunction, this.backfillFunction]) {
      props.buckets.grantReadRaw(f);
      props.buckets.grantWriteRaw(f);
    }
    props.buckets.grantWriteCurated(this.incrementalFunction);
    props.buckets.grantReadRaw(this.partitionFunction);
    props.buckets.grantWriteCurated(this.partitionFunction);

    // The backfill: the same ASL file as in the repository, with the ARNs and bucket substituted.
    const stateMachineName = `switchyard-${props.stage ?? 'dev'}-etl-backfill`;
    this.backfillStateMachine = new sfn.StateMachine(this, 'BackfillStateMachine', {
      stateMachineName,
      comment: 'Switchyard ETL backfill (Distributed Map over raw partitions)',
      definitionBody: sfn.DefinitionBody.fromFile(BACKFILL_ASL_FILE),
      definitionSubstitutions: {
        BackfillFunctionArn: this.backfillFunction.functionArn,
        PartitionFunctionArn: this.partitionFunction.functionArn,
        RawBucketName: props.buckets.raw.bucketName,
      },
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'BackfillStateMachineLogs', {
          retention: logRetention,
          encryptionKey: props.logEncryptionKey,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    const machineRole = this.backfillStateMachine.role;
    this.backfillFunction.grantInvoke(machineRole);
    this.partitionFunction.grantInvoke(machineRole);
    // ItemReader reads the partition list; ResultWriter writes every item's outcome.
    props.buckets.grantReadRaw(machineRole);
    props.buckets.raw.grantPut(machineRole, '_backfill-results/*');
    // A Distributed Map runs its items as child executions of this state machine.
    const machineArn = Arn.format(
      {
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      },
      stack,
    );
    const executionArns = Arn.format(
      {
        service: 'states',
        resource: 'execution',
        resourceName: `${stateMachineName}/*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      },
      stack,
    );
    machineRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [machineArn] }),
    );
    machineRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [executionArns],
      }),
    );

    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Switchyard ETL: lets EventBridge Scheduler start the incremental run',
    });
    this.schedule = new scheduler.Schedule(this, 'IncrementalSchedule', {
      description: 'Switchyard ETL: incremental run from the watermarks',
      schedule: scheduler.ScheduleExpression.expression(scheduleExpression),
      target: new schedulerTargets.LambdaInvoke(this.incrementalFunction, {
        role: scheduleRole,
        input: scheduler.ScheduleTargetInput.fromObject({ mode: 'incremental' }),
        // A failed run leaves its partitions pending; the next scheduled run retries them.
        retryAttempts: 0,
      }),
    });

    acknowledgeFindings(this, props.buckets, scheduleRole, stateMachineName);
  }
}

// Findings that CDK's own grants produce; each is acknowledged on the one policy it concerns, with why.
function acknowledgeFindings(
  etl: EtlPipeline,
  buckets: DataBuckets,
  scheduleRole: iam.Role,
  stateMachineName: string,
): void {
  const stack = Stack.of(etl);
  const arnOf = (resource: Construct) => `<${stack.getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;
  const raw = arnOf(buckets.raw);
  const curated = arnOf(buckets.curated);
  const bucketFindings = (withDelete: boolean) => [
    ...['s3:Abort*', 's3:GetBucket*', 's3:GetObject*', 's3:List*', ...(withDelete ? ['s3:DeleteObject*'] : [])].map(
      (action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} comes from CDK's bucket grants and applies only to the ETL's raw and curated buckets and their objects.`,
      }),
    ),
    ...['kms:GenerateDataKey*', 'kms:ReEncrypt*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${action} comes from CDK's bucket grants and applies only to the one customer-managed key of the data buckets.`,
    })),
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) and CloudWatch Logs delivery support no resource-level permissions; every other statement names its resource.',
    },
  ];
  const objects = (bucket: string, name: string) => ({
    id: `AwsSolutions-IAM5[Resource::${bucket}/*]`,
    reason: `The objects of the ${name} bucket: partition keys are generated per run and table, so no narrower prefix exists.`,
  });

  for (const f of [etl.incrementalFunction, etl.backfillFunction, etl.partitionFunction]) {
    const role = f.role as Construct;
    acknowledgeVpcFunctionManagedPolicies(f);
    const writesCurated = f !== etl.backfillFunction;
    Validations.of(role.node.findChild('DefaultPolicy')).acknowledge(
      ...bucketFindings(true),
      objects(raw, 'raw'),
      ...(writesCurated ? [objects(curated, 'curated')] : []),
    );
  }

  const machineRole = etl.backfillStateMachine.role as Construct;
  Validations.of(machineRole.node.findChild('DefaultPolicy')).acknowledge(
    ...bucketFindings(false),
    objects(raw, 'raw'),
    {
      id: `AwsSolutions-IAM5[Resource::${raw}/_backfill-results/*]`,
      reason: "The Distributed Map ResultWriter writes each map run's outcome files under this one prefix.",
    },
    ...[etl.backfillFunction, etl.partitionFunction].map((f) => ({
      id: `AwsSolutions-IAM5[Resource::${arnOf(f)}:*]`,
      reason: 'lambda:InvokeFunction on the versions and aliases of one ETL function (its ARN followed by :*).',
    })),
    {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName}/*]`,
      reason:
        'The Distributed Map describes and stops its own child executions, which are executions of this state machine only.',
    },
  );
  Validations.of(scheduleRole.node.findChild('DefaultPolicy')).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${arnOf(etl.incrementalFunction)}:*]`,
    reason:
      'The schedule may invoke the versions and aliases of the one incremental ETL function (its ARN followed by :*).',
  });
}
