import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { allowCloudWatchLogs } from '../shared/log-encryption';

/** PostgreSQL 16, the newest 16.x minor this aws-cdk-lib knows; pgvector ships with it on RDS. */
export const POSTGRES_VERSION = rds.PostgresEngineVersion.VER_16_13;

/** The port RDS Proxy listens on for PostgreSQL; clients always use this one. */
export const PROXY_PORT = 5432;

/** The instance's own port: not the engine default, and only the proxy and rotation reach it. */
export const INSTANCE_PORT = 5433;

/** Properties of {@link Database}. */
export interface DatabaseProps {
  /** The VPC to run the instance, the proxy and the rotation function in. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets for the instance, the proxy and the rotation function.
   * @default the VPC's isolated subnets
   */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * Whatever may connect to the proxy on 5432 (e.g. the function security group).
   * @default none; call `allowConnectionsFrom` later
   */
  readonly clients?: readonly ec2.IConnectable[];
  /**
   * Instance type, e.g. `t4g.medium`; micro and small burstables run without Performance Insights.
   * @default 't4g.medium'
   */
  readonly instanceClass?: string;
  /**
   * Storage allocated at creation, in GiB.
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Upper limit for storage autoscaling, in GiB.
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Whether to run a synchronous standby in a second AZ.
   * @default false
   */
  readonly multiAz?: boolean;
  /**
   * Days to keep automated backups (1-35).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Whether the instance refuses deletion until protection is turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Days to keep the exported PostgreSQL log; one of the CloudWatch Logs retention periods.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Key for the PostgreSQL log group; its policy must allow CloudWatch Logs.
   * @default the database key
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * The database the schema lives in.
   * @default 'switchyard'
   */
  readonly databaseName?: string;
  /**
   * The master user, whose generated password Secrets Manager keeps and rotates.
   * @default 'switchyard_admin'
   */
  readonly masterUsername?: string;
  /**
   * How often the master password rotates.
   * @default Duration.days(30)
   */
  readonly rotationInterval?: Duration;
  /**
   * What happens to the instance when it leaves the stack (the key is always retained).
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * RDS PostgreSQL 16 with pgvector, reached only through an RDS Proxy that requires
 * TLS and IAM authentication. Storage, Performance Insights and the master secret are
 * encrypted with one customer-managed key; the secret rotates with a hosted
 * single-user rotation function inside the VPC.
 */
export class Database extends Construct implements ec2.IConnectable {
  /** The PostgreSQL instance (reachable only from the proxy and the rotation function). */
  readonly instance: rds.DatabaseInstance;
  /** The proxy every client connects through: TLS and IAM auth required. */
  readonly proxy: rds.DatabaseProxy;
  /** The master credentials (username, password, host, port), rotated. */
  readonly secret: secretsmanager.ISecret;
  /** The customer-managed key for storage, Performance Insights and the secret. */
  readonly key: kms.Key;
  /** The database the schema lives in. */
  readonly databaseName: string;
  /** The master user; the proxy logs in as it with the secret. */
  readonly masterUsername: string;
  /** The exported PostgreSQL log. */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const allocated = props.allocatedStorageGiB ?? 20;
    const maxAllocated = props.maxAllocatedStorageGiB ?? 100;
    if (maxAllocated < allocated) {
      throw new Error(
        `Database maxAllocatedStorageGiB (${maxAllocated}) must be at least allocatedStorageGiB (${allocated}).`,
      );
    }
    const multiAz = props.multiAz ?? false;
    const deletionProtection = props.deletionProtection ?? true;
    const subnets = props.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    this.databaseName = props.databaseName ?? 'switchyard';
    this.masterUsername = props.masterUsername ?? 'switchyard_admin';

    this.key = new kms.Key(this, 'Key', {
      description: 'Switchyard: encrypts the database storage, Performance Insights and credentials',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN, // snapshots stay restorable only while the key exists
    });

    // A fixed identifier lets the log group exist (with retention and encryption) before RDS writes to it.
    const instanceIdentifier = `${Stack.of(this).stackName.toLowerCase()}-postgres`;
    const logEncryptionKey = props.logEncryptionKey ?? this.key;
    if (props.logEncryptionKey === undefined) allowCloudWatchLogs(this.key);
    this.logGroup = new logs.LogGroup(this, 'PostgresLog', {
      logGroupName: `/aws/rds/instance/${instanceIdentifier}/postgresql`,
      retention: (props.logRetentionDays ?? 30) as logs.RetentionDays,
      encryptionKey: logEncryptionKey,
      // The name is fixed: a retained group would block re-creating the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const instanceClass = props.instanceClass ?? 't4g.medium';
    // RDS offers Performance Insights on every class except the micro and small burstables.
    const insights = !/^t\d+g?\.(micro|small)$/.test(instanceClass);
    const engine = rds.DatabaseInstanceEngine.postgres({ version: POSTGRES_VERSION });
    const instanceSecurityGroup = new ec2.SecurityGroup(this, 'InstanceSecurityGroup', {
      vpc: props.vpc,
      description: 'Switchyard PostgreSQL: ingress from RDS Proxy and the rotation function only',
      allowAllOutbound: false,
    });
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine,
      instanceIdentifier,
      instanceType: new ec2.InstanceType(instanceClass),
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [instanceSecurityGroup],
      port: INSTANCE_PORT,
      databaseName: this.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(this.masterUsername, { encryptionKey: this.key }),
      parameterGroup: new rds.ParameterGroup(this, 'Parameters', {
        engine,
        description: 'Switchyard PostgreSQL: TLS only, slow statements logged',
        parameters: { 'rds.force_ssl': '1', log_min_duration_statement: '1000' },
      }),
      storageType: rds.StorageType.GP3,
      allocatedStorage: allocated,
      maxAllocatedStorage: maxAllocated,
      storageEncrypted: true,
      storageEncryptionKey: this.key,
      multiAz,
      backupRetention: Duration.days(props.backupRetentionDays ?? 7),
      deletionProtection,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      enablePerformanceInsights: insights,
      ...(insights ? { performanceInsightEncryptionKey: this.key } : {}),
      cloudwatchLogsExports: ['postgresql'],
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
    });
    this.instance.node.addDependency(this.logGroup);
    if (this.instance.secret === undefined) throw new Error('Database: the instance did not generate a secret.');
    this.secret = this.instance.secret;
    acknowledgeConfiguredChoices(this.instance, multiAz, deletionProtection);

    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: 'Switchyard secret rotation: HTTPS to Secrets Manager and KMS endpoints, PostgreSQL to the instance',
      allowAllOutbound: false,
    });
    rotationSecurityGroup.addEgressRule(
      ec2.Peer.ipv4(props.vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      'HTTPS to the VPC endpoints',
    );
    this.instance.connections.allowDefaultPortFrom(rotationSecurityGroup, 'Secret rotation');
    this.secret.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
        vpc: props.vpc,
        vpcSubnets: subnets,
        securityGroups: [rotationSecurityGroup],
      }),
      automaticallyAfter: props.rotationInterval ?? Duration.days(30),
    });

    const proxySecurityGroup = new ec2.SecurityGroup(this, 'ProxySecurityGroup', {
      vpc: props.vpc,
      description: `Switchyard RDS Proxy: ${PROXY_PORT} from Switchyard functions, out to the instance only`,
      allowAllOutbound: false,
    });
    this.proxy = new rds.DatabaseProxy(this, 'Proxy', {
      // Proxy names are unique per account and region, so include the stack's.
      dbProxyName: `${Stack.of(this).stackName.toLowerCase()}-proxy`,
      proxyTarget: rds.ProxyTarget.fromInstance(this.instance),
      secrets: [this.secret],
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [proxySecurityGroup],
      iamAuth: true,
      requireTLS: true,
      debugLogging: false,
    });
    this.instance.connections.allowDefaultPortFrom(this.proxy, 'RDS Proxy');
    for (const client of props.clients ?? []) this.allowConnectionsFrom(client);
  }

  /** The proxy's security group connections (port 5432). */
  get connections(): ec2.Connections {
    return this.proxy.connections;
  }

  /** Lets `client` open TCP connections to the proxy on 5432 (it still needs `grantConnect`). */
  allowConnectionsFrom(client: ec2.IConnectable): void {
    this.proxy.connections.allowFrom(client, ec2.Port.tcp(PROXY_PORT), 'PostgreSQL through RDS Proxy (TLS, IAM auth)');
  }

  /** Grants `rds-db:connect` through the proxy as `dbUser` (default: the master user). */
  grantConnect(grantee: iam.IGrantable, dbUser: string = this.masterUsername): iam.Grant {
    return this.proxy.grantConnect(grantee, dbUser);
  }

  /** The variables `readRuntimeConfig` reads to reach this database through the proxy with IAM auth. */
  connectionEnvironment(dbUser: string = this.masterUsername): Record<string, string> {
    return {
      DB_HOST: this.proxy.endpoint,
      DB_PORT: String(PROXY_PORT),
      DB_NAME: this.databaseName,
      DB_USER: dbUser,
      DB_AUTH: 'iam',
      DB_SSL: 'true',
    };
  }
}

// Multi-AZ and deletion protection are configuration (dbMultiAz, dbDeletionProtection);
// acknowledge the findings only when the configuration turned them off.
function acknowledgeConfiguredChoices(instance: rds.DatabaseInstance, multiAz: boolean, deletionProtection: boolean) {
  if (!multiAz) {
    Validations.of(instance).acknowledge({
      id: 'AwsSolutions-RDS3',
      reason:
        'Multi-AZ is set by the dbMultiAz configuration key and is off for this stage to halve cost; production stages set dbMultiAz=true.',
    });
  }
  if (!deletionProtection) {
    Validations.of(instance).acknowledge({
      id: 'AwsSolutions-RDS10',
      reason:
        'Deletion protection is set by the dbDeletionProtection configuration key and was turned off for this stage (a disposable environment).',
    });
  }
}
