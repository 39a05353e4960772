import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeVpcFunctionManagedPolicies, BASIC_EXECUTION_ROLE } from '../shared/lambda-findings';
import { PROJECT_ROOT, SwitchyardFunction } from '../shared/switchyard-function';
import type { Database } from './database';

/** The repository root, where `package-lock.json` and `lambdas/` live. */

/** Where the SQL migrations live, relative to the repository root. */
const MIGRATIONS_DIR = 'lambdas/shared/db/migrations';

/** Properties of {@link DatabaseMigrations}. */
export interface DatabaseMigrationsProps {
  /** The database to migrate (through its proxy, with IAM auth). */
  readonly database: Database;
  /** The VPC the migration function runs in. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets for the migration function.
   * @default the VPC's default selection (private subnets)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security group of the migration function; it is allowed to reach the proxy.
   * @default a new security group with HTTPS egress only
   */
  readonly securityGroup?: ec2.ISecurityGroup;
  /**
   * The length of every `vector` column.
   * @default 512
   */
  readonly embeddingDimension?: number;
  /**
   * The stage name the function reports (SWITCHYARD_STAGE).
   * @default 'dev'
   */
  readonly stage?: string;
  /**
   * Days to keep the functions' logs; one of the CloudWatch Logs retention periods.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Key for the functions' log groups; its policy must allow CloudWatch Logs.
   * @default encrypted with the CloudWatch Logs service key
   */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * Applies the SQL migrations on every deployment in which they (or the embedding
 * dimension) change: a CloudFormation custom resource whose properties carry a
 * SHA-256 of the migration files, served by a function in the VPC that connects
 * through RDS Proxy. Migrations are idempotent and recorded, so a re-run is harmless.
 */
export class DatabaseMigrations extends Construct {
  /** The function that applies the migrations. */
  readonly fn: nodejs.NodejsFunction;
  /** The custom resource; depend on it to run after the schema exists. */
  readonly resource: CustomResource;
  /** SHA-256 over every migration's name and contents. */
  readonly migrationsSha256: string;

  constructor(scope: Construct, id: string, props: DatabaseMigrationsProps) {
    super(scope, id);
    const { database } = props;
    const embeddingDimension = props.embeddingDimension ?? 512;
    const logRetention = (props.logRetentionDays ?? 30) as logs.RetentionDays;
    this.migrationsSha256 = hashMigrations(join(PROJECT_ROOT, MIGRATIONS_DIR));

    const securityGroup =
      props.securityGroup ??
      new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: 'Switchyard migrations: HTTPS to VPC endpoints, PostgreSQL to RDS Proxy',
        allowAllOutbound: false,
      });
    if (props.securityGroup === undefined) {
      securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS to VPC endpoints');
    }

    this.fn = new SwitchyardFunction(this, 'Function', {
      description: 'Switchyard: applies the PostgreSQL schema migrations (custom resource)',
      entry: 'lambdas/migrate/handler.ts',
      serviceName: 'switchyard-migrate',
      stage: props.stage,
      memorySize: 512,
      timeout: Duration.minutes(10),
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroup,
      database,
      logRetentionDays: props.logRetentionDays,
      logEncryptionKey: props.logEncryptionKey,
      environment: { EMBEDDING_DIMENSION: String(embeddingDimension) },
      // The migrator reads new URL('./migrations/', import.meta.url): next to the bundle.
      afterBundling: (inputDir, outputDir) => [`cp -r "${inputDir}/${MIGRATIONS_DIR}" "${outputDir}/migrations"`],
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.fn,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: logRetention,
        encryptionKey: props.logEncryptionKey,
      }),
    });

    this.resource = new CustomResource(this, 'Schema', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SwitchyardSchema',
      properties: { MigrationsSha256: this.migrationsSha256, EmbeddingDimension: String(embeddingDimension) },
    });
    this.resource.node.addDependency(database.instance, database.proxy);

    acknowledgeFunctionFindings(this.fn, provider);
  }
}

/** SHA-256 over the `.sql` files of `dir`, in name order: name, NUL, contents, NUL for each. */
export function hashMigrations(dir: string): string {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  if (names.length === 0) throw new Error(`DatabaseMigrations: no .sql migrations in ${dir}.`);
  const hash = createHash('sha256');
  for (const name of names)
    hash
      .update(`${name}\0`)
      .update(readFileSync(join(dir, name)))
      .update('\0');
  return hash.digest('hex');
}

// Findings CDK's own Lambda and Provider wiring produces; each is acknowledged on the one resource it concerns.
function acknowledgeFunctionFindings(fn: nodejs.NodejsFunction, provider: cr.Provider): void {
  const role = fn.role as Construct;
  acknowledgeVpcFunctionManagedPolicies(fn);
  Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; rds-db:connect in the same policy is scoped to one proxy and user.',
  });

  const framework = provider.node.findChild('framework-onEvent') as lambda.Function;
  const frameworkRole = framework.role as Construct;
  Validations.of(frameworkRole).acknowledge({
    id: `AwsSolutions-IAM4[${BASIC_EXECUTION_ROLE}]`,
    reason:
      'The CDK Provider framework function uses AWSLambdaBasicExecutionRole only to write its own logs (CreateLogGroup/CreateLogStream/PutLogEvents).',
  });
  Validations.of(frameworkRole.node.findChild('DefaultPolicy')).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
    reason:
      'The CDK Provider framework may invoke any version or alias of the one migration function (its ARN followed by :*); no other function is covered.',
  });
}
