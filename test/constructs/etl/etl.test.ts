import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataBuckets } from '../../../lib/data/buckets';
import { Database } from '../../../lib/data/database';
import { BACKFILL_ASL_FILE, EtlPipeline } from '../../../lib/etl/etl';
import { Network } from '../../../lib/network/network';
import { emptyStack, synthStack } from '../synth';

type AslValidator = (
  definition: unknown,
  options?: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

// The definition substitution CDK fills in with the raw bucket's name.
const RAW_BUCKET = `\${RawBucketName}`;

const asl = JSON.parse(readFileSync(BACKFILL_ASL_FILE, 'utf8')) as {
  States: Record<string, Record<string, unknown>>;
};

describe('state-machines/etl-backfill.asl.json', () => {
  it('is valid Amazon States Language (asl-validator)', () => {
    // act
    const result = aslValidator(asl, { checkPaths: true, checkArn: true });
    // assert
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('fans the raw partitions out over a Distributed Map read from the sealed partition list', () => {
    const map = asl.States.LoadPartitions as Record<string, unknown>;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { Bucket: RAW_BUCKET, 'Key.$': '$.sealed.manifestKey' },
      },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
      ToleratedFailurePercentage: 5,
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: RAW_BUCKET, Prefix: '_backfill-results' },
      },
    });
  });

  it('records a failed run before failing, so every execution ends in a state a person can see', () => {
    for (const state of ['ExtractTables', 'SealRun', 'LoadPartitions']) {
      expect(asl.States[state]?.Catch, state).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
      ]);
    }
    expect(asl.States.RecordFailure?.Next).toBe('BackfillFailed');
    expect(asl.States.BackfillFailed?.Type).toBe('Fail');
  });
});

describe('EtlPipeline in the Switchyard stack', () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack({ context: { etlSchedule: 'cron(0/15 * * * ? *)' } });
  });

  it('runs three ETL functions on Node.js 24 as ESM, traced, in the VPC, configured for Bedrock and the buckets', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'switchyard-etl' } } },
    });
    expect(Object.keys(functions)).toHaveLength(3);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        VpcConfig: { SubnetIds: expect.any(Array), SecurityGroupIds: expect.any(Array) },
      });
      expect(fn.Properties.Environment.Variables).toMatchObject({
        SWITCHYARD_RUNTIME: 'aws',
        EMBEDDING_PROVIDER: 'bedrock',
        EMBEDDING_MODEL_ID: 'amazon.titan-embed-text-v2:0',
        SERVICENOW_SECRET_NAME: 'switchyard/servicenow',
        ETL_RAW_BUCKET: { Ref: expect.stringMatching(/^BucketsRaw/) },
        ETL_CURATED_BUCKET: { Ref: expect.stringMatching(/^BucketsCurated/) },
        DB_AUTH: 'iam',
      });
    }
  });

  it('lets the functions invoke only the configured embedding model', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^EtlIncrementalFunctionServiceRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'bedrock:InvokeModel',
            Effect: 'Allow',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':bedrock:',
                  { Ref: 'AWS::Region' },
                  '::foundation-model/amazon.titan-embed-text-v2:0',
                ],
              ],
            },
          },
        ]),
      },
    });
  });

  it('lets the functions read the ServiceNow secret and connect to the database proxy', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^EtlPartitionFunctionServiceRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'rds-db:connect' }),
          Match.objectLike({ Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] }),
        ]),
      },
    });
  });

  it('schedules the incremental run with the configured expression', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0/15 * * * ? *)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EtlIncrementalFunction'), 'Arn'] },
        Input: '{"mode":"incremental"}',
        RetryPolicy: { MaximumRetryAttempts: 0 },
      },
    });
  });

  it('loads the backfill ASL file with its substitutions, logging all events and tracing', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'switchyard-dev-etl-backfill',
      DefinitionSubstitutions: {
        BackfillFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EtlBackfillFunction'), 'Arn'] },
        PartitionFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EtlPartitionFunction'), 'Arn'] },
        RawBucketName: { Ref: Match.stringLikeRegexp('^BucketsRaw') },
      },
      LoggingConfiguration: { Level: 'ALL' },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('lets the state machine start and watch its own child executions (the Distributed Map)', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^EtlBackfillStateMachineRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'states:StartExecution',
            Resource: { 'Fn::Join': ['', Match.arrayWith([':stateMachine:switchyard-dev-etl-backfill'])] },
          }),
          Match.objectLike({
            Action: ['states:DescribeExecution', 'states:StopExecution'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([':execution:switchyard-dev-etl-backfill/*'])] },
          }),
        ]),
      },
    });
  });
});

describe('EtlPipeline props', () => {
  it('rejects a schedule expression EventBridge Scheduler would not accept, naming it', () => {
    // arrange
    const stack = emptyStack();
    const network = new Network(stack, 'Network');
    const vpc = network.vpc;
    const database = new Database(stack, 'Db', { vpc, subnets: network.databaseSubnets });
    // act / assert
    expect(
      () =>
        new EtlPipeline(stack, 'Etl', {
          vpc,
          vpcSubnets: network.functionSubnets,
          securityGroup: network.functionSecurityGroup,
          database,
          buckets: new DataBuckets(stack, 'Buckets'),
          serviceNowInstanceUrl: 'https://acme.service-now.com',
          serviceNowSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'sn'),
          scheduleExpression: 'every hour',
        }),
    ).toThrow('EtlPipeline scheduleExpression must be rate(...), cron(...) or at(...); got "every hour".');
  });
});
