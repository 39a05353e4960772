/** biome-ignore-all lint/suspicious/noExplicitAny: CloudFormation properties are read field by field. */
import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { IncidentEnrichment, type IncidentEnrichmentProps } from '../../../lib/incident-enrichment/incident-enrichment';
import { buildStack, synthStack } from '../synth';

describe('the Tag Classifier trainer in the stack', () => {
  let template: Template;
  let ids: { trainer: string; tagClassifier: string; etl: string; scheduleRole: string };

  beforeAll(() => {
    template = synthStack();
    const { stack } = buildStack();
    const id = (construct: { node: { defaultChild?: unknown } }) =>
      Stack.of(stack).getLogicalId(construct.node.defaultChild as never);
    const ie = stack.incidentEnrichment;
    ids = {
      trainer: id(ie.trainer),
      tagClassifier: id(ie.agents['tag-classifier']),
      etl: id(stack.etl.incrementalFunction),
      scheduleRole: id(ie.node.findChild('TrainerScheduleRole') as never),
    };
  }, 240_000);

  const resources = () => template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const roleStatements = (roleLogicalId: string) =>
    Object.values(resources())
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleLogicalId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as any[]);
  const functionRole = (logicalId: string) => resources()[logicalId]?.Properties.Role['Fn::GetAtt'][0] as string;
  const trainerArn = () => ({ 'Fn::GetAtt': [ids.trainer, 'Arn'] });

  it('runs the trainer as a Node.js 24 function in the VPC, sized for training, one run at a time', () => {
    // act
    const props = resources()[ids.trainer]?.Properties;
    // assert
    expect(props).toMatchObject({
      Runtime: 'nodejs24.x',
      MemorySize: 2048,
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
      TracingConfig: { Mode: 'Active' },
    });
    expect(props.VpcConfig.SubnetIds).toBeDefined();
    expect(props.Environment.Variables).toMatchObject({ DB_AUTH: 'iam', SWITCHYARD_RUNTIME: 'aws' });
  });

  it('gives the trainer the database connection and tracing only (least privilege)', () => {
    // act
    const actions = roleStatements(functionRole(ids.trainer)).flatMap((s) => [s.Action].flat());
    // assert
    expect(actions.sort()).toEqual(['rds-db:connect', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('starts the trainer hourly through EventBridge Scheduler, whose role may invoke the trainer and nothing else', () => {
    // act
    const schedules = Object.values(resources()).filter(
      (r) =>
        r.Type === 'AWS::Scheduler::Schedule' &&
        JSON.stringify(r.Properties.Target.Arn) === JSON.stringify(trainerArn()),
    );
    const statements = roleStatements(ids.scheduleRole);
    // assert
    expect(schedules).toHaveLength(1);
    expect(schedules[0]?.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Target: { Input: '{}', RetryPolicy: { MaximumRetryAttempts: 0 } },
    });
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toBe('lambda:InvokeFunction');
    expect(statements[0].Resource).toEqual([trainerArn(), { 'Fn::Join': ['', [trainerArn(), ':*']] }]);
  });

  it('starts the trainer after each successful incremental ETL run (a Lambda destination)', () => {
    // act
    const configs = Object.values(resources()).filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
    const etlInvokes = roleStatements(functionRole(ids.etl)).filter(
      (s) => s.Action === 'lambda:InvokeFunction' && JSON.stringify(s.Resource).includes(ids.trainer),
    );
    // assert
    expect(configs).toHaveLength(1);
    expect(configs[0]?.Properties).toMatchObject({
      FunctionName: { Ref: ids.etl },
      Qualifier: '$LATEST',
      DestinationConfig: { OnSuccess: { Destination: trainerArn() } },
    });
    expect(etlInvokes).toHaveLength(1);
  });

  it('leaves the Tag Classifier agent unable to invoke the trainer (it only reads the stored model)', () => {
    // act
    const invokes = roleStatements(functionRole(ids.tagClassifier)).filter((s) =>
      [s.Action].flat().includes('lambda:InvokeFunction'),
    );
    // assert
    expect(invokes).toEqual([]);
  });

  it('rejects a trainer schedule EventBridge Scheduler would not accept, naming it', () => {
    // arrange: the check comes before any other prop is used
    const stack = new Stack(new App(), 'Bare');
    const props = { trainerSchedule: 'every hour' } as unknown as IncidentEnrichmentProps;
    // act / assert
    expect(() => new IncidentEnrichment(stack, 'IncidentEnrichment', props)).toThrow(
      'IncidentEnrichment trainerSchedule must be rate(...), cron(...) or at(...); got "every hour".',
    );
  });
});
