/** biome-ignore-all lint/suspicious/noExplicitAny: CloudFormation properties are read field by field. */
import { readFileSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_VALIDATION_ASL_FILE } from '../../../lib/change-validation/change-validation';
import { synthStack } from '../synth';

// The definition is deployed from the file as an asset (DefinitionS3Location), as-is.
const ASL = readFileSync(CHANGE_VALIDATION_ASL_FILE, 'utf8');

describe('the ChangeValidation construct in the stack', () => {
  let template: Template;

  beforeAll(() => {
    template = synthStack();
  }, 240_000);

  const machine = () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine', {
      Properties: { StateMachineName: 'switchyard-dev-change-validation' },
    });
    const [resource] = Object.values(machines) as { Properties: Record<string, any> }[];
    if (resource === undefined) throw new Error('no change validation state machine');
    return resource.Properties;
  };

  it('runs the four agents as Node.js 24 ESM functions in the VPC with tracing', () => {
    for (const handler of ['ruleExtractor', 'contentValidator', 'modelAnalyst', 'phaseTransition']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: `index.${handler}`,
        Runtime: 'nodejs24.x',
        TracingConfig: { Mode: 'Active' },
        VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
        Environment: {
          Variables: Match.objectLike({
            SERVICENOW_SECRET_NAME: Match.anyValue(),
            MODEL_ALIASES: Match.anyValue(),
            GUARDRAIL_ID: Match.anyValue(),
            DB_AUTH: 'iam',
          }),
        },
      });
    }
  });

  it('loads the ASL with the agents’ ARNs substituted, with logging, tracing and a timeout', () => {
    // act
    const props = machine();
    const definition = ASL;
    // assert
    expect(props.DefinitionS3Location).toBeDefined();
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
    expect(props.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    for (const state of ['RuleExtractor', 'ContentValidator', 'AimModelAnalyst', 'PhaseTransition', 'NeedsHumanReview'])
      expect(definition).toContain(state);
    expect(JSON.parse(definition).TimeoutSeconds).toBe(900);
    expect(Object.keys(props.DefinitionSubstitutions ?? {}).sort()).toEqual([
      'ContentValidatorFunctionArn',
      'ModelAnalystFunctionArn',
      'PhaseTransitionFunctionArn',
      'RuleExtractorFunctionArn',
    ]);
  });

  it('retries the agent tasks on transient errors and catches every task into the review path', () => {
    const definition = JSON.stringify(JSON.parse(ASL));
    expect(definition).toContain('Lambda.TooManyRequestsException');
    expect(definition).toContain('Switchyard.UNAVAILABLE');
    expect(definition).toContain('"Next":"NeedsHumanReview"');
    expect(definition).toContain('"BackoffRate":2');
  });

  it('encrypts the state machine’s log group with the stack’s log key', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
    });
  });

  it('lets the API function start executions of this state machine only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'states:StartExecution',
            Effect: 'Allow',
            Resource: { Ref: Match.stringLikeRegexp('ChangeValidationStateMachine') },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CHANGE_VALIDATION_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('ChangeValidationStateMachine') },
        }),
      },
    });
  });

  it('moves ready changes out of New only when changeAutoTransition is set', () => {
    const agentEnvironment = (value: string) => ({
      Handler: 'index.phaseTransition',
      Environment: { Variables: Match.objectLike({ CHANGE_AUTO_TRANSITION: value }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', agentEnvironment('false'));
    synthStack({ context: { changeAutoTransition: 'true' } }).hasResourceProperties(
      'AWS::Lambda::Function',
      agentEnvironment('true'),
    );
  });
});
