import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Database } from '../data/database';

/** The repository root: entries are given relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SwitchyardFunctionProps {
  /** The handler module, relative to the repository root (e.g. `lambdas/api/handler.ts`). */
  readonly entry: string;
  /**
   * The exported handler.
   * @default 'handler'
   */
  readonly handler?: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** Powertools service name: the `service` key of every log line and metric. */
  readonly serviceName: string;
  /**
   * Deployment stage, passed to the code as SWITCHYARD_STAGE.
   * @default 'dev'
   */
  readonly stage?: string;
  /**
   * Memory in MiB (CPU grows with it).
   * @default 1024
   */
  readonly memorySize?: number;
  /** How long one invocation may run. */
  readonly timeout: Duration;
  /** The VPC the function runs in (it reaches AWS through the VPC endpoints). */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets to place the function in.
   * @default the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The function's security group. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The database: the function may connect through RDS Proxy with IAM auth. */
  readonly database: Database;
  /**
   * Variables beside the common ones (stage, runtime, database connection, Powertools).
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Days the function's logs are kept.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Key encrypting the function's log group.
   * @default CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Construct id of the log group, created beside the function (kept stable so a
   * refactoring does not replace deployed log groups).
   * @default `${id}Logs`
   */
  readonly logGroupId?: string;
  /**
   * Shell commands run after bundling, given the input and output folders (e.g. to copy
   * files the code reads beside the bundle).
   * @default none
   */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/**
 * One Switchyard Lambda function: Node 24 on arm64, an ESM bundle built by esbuild from
 * the TypeScript handler, in the VPC's private subnets, connected to the database
 * through RDS Proxy, X-Ray tracing on, its own log group (encrypted, with retention).
 * Every part's functions are made here, so they are built and secured the same way.
 */
export class SwitchyardFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: SwitchyardFunctionProps) {
    const logGroup = new logs.LogGroup(scope, props.logGroupId ?? `${id}Logs`, {
      retention: (props.logRetentionDays ?? 30) as logs.RetentionDays,
      encryptionKey: props.logEncryptionKey,
    });
    super(scope, id, {
      description: props.description,
      entry: join(PROJECT_ROOT, props.entry),
      handler: props.handler ?? 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [props.securityGroup],
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment: {
        SWITCHYARD_STAGE: props.stage ?? 'dev',
        SWITCHYARD_RUNTIME: 'aws',
        ...props.database.connectionEnvironment(),
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // pg and other CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // Everything else is bundled (the runtime's AWS SDK lacks @aws-sdk/rds-signer).
        externalModules: ['pg-native'],
        sourceMap: true,
        sourcesContent: false,
        ...(props.afterBundling === undefined
          ? {}
          : {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: props.afterBundling,
              },
            }),
      },
    });
    props.database.allowConnectionsFrom(this);
    props.database.grantConnect(this);
  }
}
