import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { Inference } from '../../../lib/inference/inference';
import { emptyStack, resourceNamed, synthStack } from '../synth';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const PRICES = {
  [HAIKU]: { inputUsdPerMTok: 0.8, outputUsdPerMTok: 4 },
  'eu.anthropic.claude-3-7-sonnet-20250219-v1:0': { inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
  'switchyard-offline-v1': { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
};

interface GuardrailProps {
  ContentPolicyConfig: { FiltersConfig: Array<Record<string, string>> };
  SensitiveInformationPolicyConfig: {
    PiiEntitiesConfig: Array<{ Type: string; Action: string }>;
    RegexesConfig: Array<{ Name: string }>;
  };
  TopicPolicyConfig: { TopicsConfig: Array<{ Name: string; Type: string }> };
  BlockedInputMessaging: string;
  BlockedOutputsMessaging: string;
}

function grantedStack(aliases: ConstructorParameters<typeof Inference>[2]['aliases']) {
  const stack = emptyStack();
  const inference = new Inference(stack, 'Inference', { aliases, prices: PRICES });
  const role = new iam.Role(stack, 'AgentRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  inference.grantInvoke(role);
  return { template: Template.fromStack(stack), inference, stack };
}

function statementsOf(template: Template): Array<{ Action: unknown; Resource: unknown }> {
  const { resource } = resourceNamed(template, 'AWS::IAM::Policy', 'AgentRoleDefaultPolicy');
  return (resource.Properties.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> }).Statement;
}

describe('Inference in the stack', () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack({
      context: { guardrailPromptAttackStrength: 'HIGH', guardrailContentFilterStrength: 'LOW' },
    });
  });

  it('creates a guardrail with content filters and the prompt-attack filter at the configured strengths', () => {
    // act
    const { resource } = resourceNamed(template, 'AWS::Bedrock::Guardrail', 'InferenceGuardrail');
    const filters = (resource.Properties.ContentPolicyConfig as { FiltersConfig: Array<Record<string, string>> })
      .FiltersConfig;
    // assert
    expect(filters).toContainEqual({ Type: 'PROMPT_ATTACK', InputStrength: 'HIGH', OutputStrength: 'NONE' });
    expect(filters).toContainEqual({ Type: 'HATE', InputStrength: 'LOW', OutputStrength: 'LOW' });
    expect(filters.map((f) => f.Type).sort()).toEqual([
      'HATE',
      'INSULTS',
      'MISCONDUCT',
      'PROMPT_ATTACK',
      'SEXUAL',
      'VIOLENCE',
    ]);
  });

  it('masks emails, phones, names and credentials, denies IT-operations topics and sets the blocked messages', () => {
    // act
    const { resource } = resourceNamed(template, 'AWS::Bedrock::Guardrail', 'InferenceGuardrail');
    const props = resource.Properties as unknown as GuardrailProps;
    const pii = props.SensitiveInformationPolicyConfig.PiiEntitiesConfig;
    // assert
    for (const type of ['EMAIL', 'PHONE', 'NAME', 'PASSWORD', 'AWS_ACCESS_KEY', 'AWS_SECRET_KEY'])
      expect(pii).toContainEqual({ Type: type, Action: 'ANONYMIZE' });
    expect(props.SensitiveInformationPolicyConfig.RegexesConfig.map((r) => r.Name)).toEqual([
      'PrivateKey',
      'BearerToken',
      'ConnectionStringPassword',
    ]);
    expect(props.TopicPolicyConfig.TopicsConfig.map((t) => [t.Name, t.Type])).toEqual([
      ['CredentialDisclosure', 'DENY'],
      ['SecurityControlBypass', 'DENY'],
      ['EmployeeJudgement', 'DENY'],
    ]);
    expect(props.BlockedInputMessaging).toContain('parked for human review');
    expect(props.BlockedOutputsMessaging).toContain('parked for human review');
  });

  it('publishes a version of the guardrail', () => {
    // act
    const { id } = resourceNamed(template, 'AWS::Bedrock::Guardrail', 'InferenceGuardrail');
    // assert
    template.hasResourceProperties('AWS::Bedrock::GuardrailVersion', {
      GuardrailIdentifier: { 'Fn::GetAtt': [id, 'GuardrailId'] },
    });
  });

  it('defaults the prompt-attack filter to MEDIUM', () => {
    // act
    const { resource } = resourceNamed(synthStack(), 'AWS::Bedrock::Guardrail', 'InferenceGuardrail');
    // assert
    expect((resource.Properties as unknown as GuardrailProps).ContentPolicyConfig.FiltersConfig).toContainEqual({
      Type: 'PROMPT_ATTACK',
      InputStrength: 'MEDIUM',
      OutputStrength: 'NONE',
    });
  });
});

describe('Inference.environment', () => {
  it('gives functions the guardrail id and version, aliases, prices and budgets', () => {
    // arrange
    const { inference, stack } = grantedStack({ fast: { provider: 'bedrock', modelId: HAIKU } });
    // act
    const env = stack.resolve(inference.environment());
    // assert
    expect(env.GUARDRAIL_ID).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^InferenceGuardrail/), 'GuardrailId'] });
    expect(env.GUARDRAIL_VERSION).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^InferenceGuardrailVersion/), 'Version'],
    });
    expect(JSON.parse(env.MODEL_ALIASES)).toEqual({ fast: { provider: 'bedrock', modelId: HAIKU } });
    expect(JSON.parse(env.PRICE_TABLE)[HAIKU]).toEqual({ inputUsdPerMTok: 0.8, outputUsdPerMTok: 4 });
    expect(JSON.parse(env.INFERENCE_BUDGETS)).toEqual({ aliases: {}, agents: {} });
  });
});

describe('Inference.grantInvoke', () => {
  it('allows InvokeModel on exactly the foundation models the aliases name, and ApplyGuardrail on the guardrail', () => {
    // act
    const { template } = grantedStack({
      fast: { provider: 'bedrock', modelId: HAIKU },
      local: { provider: 'offline', modelId: 'switchyard-offline-v1' },
    });
    const statements = statementsOf(template);
    // assert
    expect(statements).toHaveLength(2);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'bedrock:ApplyGuardrail',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^InferenceGuardrail/), 'GuardrailArn'] },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'bedrock:InvokeModel',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:', { Ref: 'AWS::Region' }, `::foundation-model/${HAIKU}`],
          ],
        },
      }),
    );
    expect(JSON.stringify(statements)).not.toContain('"*"');
  });

  it('scopes a cross-region inference profile to the profile and its one model id', () => {
    // act
    const { template } = grantedStack({
      reasoning: { provider: 'bedrock', modelId: 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0' },
    });
    const invoke = statementsOf(template).find((s) => s.Action === 'bedrock:InvokeModel');
    // assert
    const resources = JSON.stringify(invoke?.Resource);
    expect(resources).toContain(':inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(resources).toContain(':bedrock:*::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0');
  });

  it('grants only the guardrail when no alias uses Bedrock', () => {
    // act
    const { template } = grantedStack({ local: { provider: 'offline', modelId: 'switchyard-offline-v1' } });
    // assert
    expect(statementsOf(template).map((s) => s.Action)).toEqual(['bedrock:ApplyGuardrail']);
  });

  it('rejects an alias whose model has no price, naming it', () => {
    // act + assert
    expect(
      () =>
        new Inference(emptyStack(), 'Inference', { aliases: { x: { provider: 'bedrock', modelId: 'm' } }, prices: {} }),
    ).toThrow('alias "x": model "m" has no price');
  });
});

describe('Inference under cdk-nag', () => {
  it('leaves no unacknowledged error when a role is granted a cross-region inference profile', () => {
    // arrange
    const { stack } = grantedStack({
      reasoning: { provider: 'bedrock', modelId: 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0' },
      fast: { provider: 'bedrock', modelId: HAIKU },
    });
    // act
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    // assert
    const errors = report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName);
    expect(errors).toEqual([]);
  });
});
