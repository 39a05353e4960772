import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataBuckets } from '../../../lib/data/buckets';
import { emptyStack, resourceNamed, synthStack } from '../synth';

const BLOCK_ALL = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

describe('DataBuckets in the stack', () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack({ context: { rawDataRetentionDays: 400, accessLogRetentionDays: 90 } });
  });

  it.each(['BucketsRaw', 'BucketsCurated', 'BucketsAccessLogs'])(
    '%s blocks all public access, is versioned, and is retained',
    (prefix) => {
      // act
      const { resource } = resourceNamed(template, 'AWS::S3::Bucket', prefix);
      // assert
      expect(resource.Properties.PublicAccessBlockConfiguration).toEqual(BLOCK_ALL);
      expect(resource.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(resource.DeletionPolicy).toBe('Retain');
    },
  );

  it.each(['BucketsRaw', 'BucketsCurated', 'BucketsAccessLogs'])('%s denies requests that do not use TLS', (prefix) => {
    // act
    const { id } = resourceNamed(template, 'AWS::S3::Bucket', prefix);
    // assert
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it.each(['BucketsRaw', 'BucketsCurated'])(
    '%s is encrypted with the customer-managed key and a bucket key',
    (prefix) => {
      // act
      const { resource } = resourceNamed(template, 'AWS::S3::Bucket', prefix);
      // assert
      expect(resource.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^BucketsKey/), 'Arn'] },
            },
          },
        ],
      });
    },
  );

  it.each([
    ['BucketsRaw', 'raw/'],
    ['BucketsCurated', 'curated/'],
  ])('%s logs server access to the access-log bucket under %s', (prefix, logPrefix) => {
    // act
    const { resource } = resourceNamed(template, 'AWS::S3::Bucket', prefix);
    const { id: accessLogs } = resourceNamed(template, 'AWS::S3::Bucket', 'BucketsAccessLogs');
    // assert
    expect(resource.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: accessLogs },
      LogFilePrefix: logPrefix,
    });
  });

  it('encrypts the access-log bucket with SSE-S3 and lets only S3 log delivery write to it', () => {
    // act
    const { id, resource } = resourceNamed(template, 'AWS::S3::Bucket', 'BucketsAccessLogs');
    // assert
    expect(resource.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
          }),
        ]),
      },
    });
  });

  it('moves raw extracts to Standard-IA after 30 days and expires them after the configured retention', () => {
    // act
    const { resource } = resourceNamed(template, 'AWS::S3::Bucket', 'BucketsRaw');
    // assert
    expect(resource.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'AgeOutRawExtracts',
          Status: 'Enabled',
          Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          ExpirationInDays: 400,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    });
  });

  it('expires access logs after the configured retention', () => {
    // act
    const { resource } = resourceNamed(template, 'AWS::S3::Bucket', 'BucketsAccessLogs');
    // assert
    expect(resource.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        expect.objectContaining({
          ExpirationInDays: 90,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        }),
      ],
    });
  });

  it('expires old versions of curated records but never the current ones', () => {
    // act
    const { resource } = resourceNamed(template, 'AWS::S3::Bucket', 'BucketsCurated');
    // assert
    const [rule] = (resource.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rule).toMatchObject({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } });
    expect(rule).not.toHaveProperty('ExpirationInDays');
  });
});

describe('DataBuckets on its own', () => {
  it('skips the Standard-IA transition when raw extracts expire within 30 days', () => {
    // arrange
    const stack = emptyStack();
    // act
    new DataBuckets(stack, 'Buckets', { rawDataRetentionDays: 14 });
    // assert
    const { resource } = resourceNamed(Template.fromStack(stack), 'AWS::S3::Bucket', 'BucketsRaw');
    const [rule] = (resource.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rule).toMatchObject({ ExpirationInDays: 14 });
    expect(rule).not.toHaveProperty('Transitions');
  });

  it('grants reading raw extracts with s3 read actions and kms:Decrypt on the bucket key', () => {
    // arrange
    const stack = emptyStack();
    const buckets = new DataBuckets(stack, 'Buckets');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // act
    buckets.grantReadRaw(role);
    // assert
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*', 's3:List*']), Effect: 'Allow' }),
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:DescribeKey'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BucketsKey'), 'Arn'] },
          }),
        ]),
      },
    });
  });

  it('grants writing curated records with s3:PutObject and KMS data-key generation', () => {
    // arrange
    const stack = emptyStack();
    const buckets = new DataBuckets(stack, 'Buckets');
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // act
    buckets.grantWriteCurated(role);
    // assert
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['s3:PutObject']) }),
          Match.objectLike({ Action: Match.arrayWith(['kms:GenerateDataKey*']) }),
        ]),
      },
    });
  });

  it('rejects a Standard-IA transition sooner than S3 allows, naming the value', () => {
    expect(() => new DataBuckets(emptyStack(), 'Buckets', { infrequentAccessAfterDays: 10 })).toThrow(
      'DataBuckets infrequentAccessAfterDays must be a whole number of at least 30; got 10.',
    );
  });
});
