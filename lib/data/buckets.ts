import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Objects move to Standard-IA no sooner than S3 allows (30 days). */
const MIN_INFREQUENT_ACCESS_DAYS = 30;

/** Properties of {@link DataBuckets}. */
export interface DataBucketsProps {
  /**
   * Days a raw ServiceNow extract is kept before it expires.
   * @default 365
   */
  readonly rawDataRetentionDays?: number;
  /**
   * Days after which raw extracts move to S3 Standard-IA; ignored when extracts expire sooner.
   * @default 30
   */
  readonly infrequentAccessAfterDays?: number;
  /**
   * Days a replaced or deleted object version is kept in the raw and curated buckets.
   * @default 30
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Days a server access log is kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * What happens to the buckets and their key when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The ETL's object storage: `raw` holds ServiceNow extracts as received (JSON lines,
 * partitioned), `curated` holds cleaned, redacted, normalised records. Both are private,
 * TLS-only, KMS-encrypted with one customer-managed key, versioned, and log their
 * access to `accessLogs`.
 */
export class DataBuckets extends Construct {
  /** Raw ServiceNow extracts. */
  readonly raw: s3.Bucket;
  /** Cleaned, redacted, normalised records ready to embed and load. */
  readonly curated: s3.Bucket;
  /** Server access logs of `raw` and `curated` (SSE-S3, as S3 log delivery requires). */
  readonly accessLogs: s3.Bucket;
  /** The customer-managed key encrypting `raw` and `curated`. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: DataBucketsProps = {}) {
    super(scope, id);
    const rawDays = props.rawDataRetentionDays ?? 365;
    const iaDays = props.infrequentAccessAfterDays ?? MIN_INFREQUENT_ACCESS_DAYS;
    const noncurrentDays = props.noncurrentVersionRetentionDays ?? 30;
    const accessLogDays = props.accessLogRetentionDays ?? 365;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    requireWholeDays('rawDataRetentionDays', rawDays);
    requireWholeDays('noncurrentVersionRetentionDays', noncurrentDays);
    requireWholeDays('accessLogRetentionDays', accessLogDays);
    if (!Number.isInteger(iaDays) || iaDays < MIN_INFREQUENT_ACCESS_DAYS) {
      throw new Error(
        `DataBuckets infrequentAccessAfterDays must be a whole number of at least ${MIN_INFREQUENT_ACCESS_DAYS}; got ${iaDays}.`,
      );
    }

    this.key = new kms.Key(this, 'Key', {
      description: 'Switchyard: encrypts the raw and curated ServiceNow data buckets',
      enableKeyRotation: true,
      removalPolicy,
    });

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucketDefaults(removalPolicy),
      // S3 server access logging delivers only to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: Duration.days(accessLogDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the server access log destination of the raw and curated buckets; logging it to itself would loop and to another bucket would only move the finding.',
    });

    this.raw = new s3.Bucket(this, 'Raw', {
      ...privateBucketDefaults(removalPolicy),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'raw/',
      lifecycleRules: [
        {
          id: 'AgeOutRawExtracts',
          transitions:
            rawDays > iaDays
              ? [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(iaDays) }]
              : [],
          expiration: Duration.days(rawDays),
          noncurrentVersionExpiration: Duration.days(noncurrentDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    this.curated = new s3.Bucket(this, 'Curated', {
      ...privateBucketDefaults(removalPolicy),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'curated/',
      lifecycleRules: [
        {
          id: 'CleanUpOldVersions',
          noncurrentVersionExpiration: Duration.days(noncurrentDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }

  /** Lets `grantee` read raw extracts (s3:GetObject*, s3:List*, and kms:Decrypt on the key). */
  grantReadRaw(grantee: iam.IGrantable): iam.Grant {
    return this.raw.grantRead(grantee);
  }

  /** Lets `grantee` write raw extracts (s3:PutObject*, s3:Abort*, s3:DeleteObject*, and KMS encrypt). */
  grantWriteRaw(grantee: iam.IGrantable): iam.Grant {
    return this.raw.grantWrite(grantee);
  }

  /** Lets `grantee` read curated records (s3:GetObject*, s3:List*, and kms:Decrypt on the key). */
  grantReadCurated(grantee: iam.IGrantable): iam.Grant {
    return this.curated.grantRead(grantee);
  }

  /** Lets `grantee` write curated records (s3:PutObject*, s3:Abort*, s3:DeleteObject*, and KMS encrypt). */
  grantWriteCurated(grantee: iam.IGrantable): iam.Grant {
    return this.curated.grantWrite(grantee);
  }
}

function privateBucketDefaults(removalPolicy: RemovalPolicy) {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    removalPolicy,
  } satisfies s3.BucketProps;
}

function requireWholeDays(name: string, days: number): void {
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`DataBuckets ${name} must be a whole number of days, at least 1; got ${days}.`);
  }
}
