import { createHash } from 'node:crypto';
import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import type { InferenceBudgets, ModelAlias, PriceTable } from '../../lambdas/shared/inference/settings';
import { type GuardrailStrength, guardrailPolicies } from './guardrail-policies';

/** Properties of {@link Inference}. */
export interface InferenceProps {
  /** Alias → provider and model id; the functions get them as MODEL_ALIASES. */
  readonly aliases: Readonly<Record<string, ModelAlias>>;
  /** Model id → price; every model an alias names must have one. */
  readonly prices: PriceTable;
  /**
   * Daily US-dollar limits per alias and per agent.
   * @default no limits (calls are still counted)
   */
  readonly budgets?: InferenceBudgets;
  /**
   * Strength of the prompt-attack filter on input.
   * @default 'MEDIUM' (HIGH blocks ordinary tickets that quote commands or mention earlier tickets)
   */
  readonly promptAttackStrength?: GuardrailStrength;
  /**
   * Strength of the hate, insults, sexual, violence and misconduct filters.
   * @default 'HIGH'
   */
  readonly contentFilterStrength?: GuardrailStrength;
  /**
   * The endpoint of `openai-compatible` aliases (a LiteLLM proxy, vLLM, Ollama).
   * @default none; required when an alias uses that provider
   */
  readonly openAiBaseUrl?: string;
  /**
   * The guardrail's name, unique in the account and region.
   * @default `<stack name>-guardrail`
   */
  readonly guardrailName?: string;
}

const PROVIDERS_WITH_BEDROCK_MODELS = new Set(['bedrock']);
// Cross-region inference profiles ("eu.anthropic…", "global.…") route to models in other regions.
const INFERENCE_PROFILE = /^(us|eu|apac|us-gov|global|jp|au|ca)\.(.+)$/;

/**
 * The inference layer's AWS side: a Bedrock Guardrail (content filters, the
 * prompt-attack filter, PII masking, denied IT-operations topics) with a published
 * version, the runtime configuration functions read (`environment()`), and IAM
 * limited to the models the aliases name plus the guardrail (`grantInvoke`).
 */
export class Inference extends Construct {
  /** The guardrail every Converse call carries. */
  readonly guardrail: bedrock.CfnGuardrail;
  /** Its published version; a change of the policies publishes a new one. */
  readonly guardrailVersion: bedrock.CfnGuardrailVersion;
  private readonly props: InferenceProps;

  constructor(scope: Construct, id: string, props: InferenceProps) {
    super(scope, id);
    validate(props);
    this.props = props;
    const policies = guardrailPolicies({
      promptAttackStrength: props.promptAttackStrength ?? 'MEDIUM',
      contentFilterStrength: props.contentFilterStrength ?? 'HIGH',
    });
    this.guardrail = new bedrock.CfnGuardrail(this, 'Guardrail', {
      name: props.guardrailName ?? `${Stack.of(this).stackName}-guardrail`,
      description: 'Switchyard: guards every model call made for ServiceNow tickets',
      ...policies,
    });
    // The description carries a hash of the policies, so changing them replaces (publishes) the version.
    const digest = createHash('sha256').update(JSON.stringify(policies)).digest('hex').slice(0, 12);
    this.guardrailVersion = new bedrock.CfnGuardrailVersion(this, 'GuardrailVersion', {
      guardrailIdentifier: this.guardrail.attrGuardrailId,
      description: `Switchyard policies ${digest}`,
    });
  }

  /** The variables every function calling models needs: guardrail, aliases, prices, budgets. */
  environment(): Record<string, string> {
    return {
      GUARDRAIL_ID: this.guardrail.attrGuardrailId,
      GUARDRAIL_VERSION: this.guardrailVersion.attrVersion,
      MODEL_ALIASES: JSON.stringify(this.props.aliases),
      PRICE_TABLE: JSON.stringify(this.props.prices),
      INFERENCE_BUDGETS: JSON.stringify(this.props.budgets ?? { aliases: {}, agents: {} }),
      ...(this.props.openAiBaseUrl !== undefined ? { OPENAI_BASE_URL: this.props.openAiBaseUrl } : {}),
    };
  }

  /**
   * Lets `grantee` invoke exactly the Bedrock models the aliases name (foundation
   * models, or inference profiles and the models they route to) and apply the guardrail.
   */
  grantInvoke(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    const modelArns = new Set<string>();
    const crossRegionModels: string[] = [];
    for (const alias of Object.values(this.props.aliases)) {
      if (!PROVIDERS_WITH_BEDROCK_MODELS.has(alias.provider)) continue;
      const profile = INFERENCE_PROFILE.exec(alias.modelId);
      if (profile === null) {
        modelArns.add(`arn:${stack.partition}:bedrock:${stack.region}::foundation-model/${alias.modelId}`);
      } else {
        crossRegionModels.push(profile[2] as string);
        modelArns.add(
          `arn:${stack.partition}:bedrock:${stack.region}:${stack.account}:inference-profile/${alias.modelId}`,
        );
        modelArns.add(`arn:${stack.partition}:bedrock:*::foundation-model/${profile[2]}`);
      }
    }
    const guardrail = iam.Grant.addToPrincipal({
      grantee,
      actions: ['bedrock:ApplyGuardrail'],
      resourceArns: [this.guardrail.attrGuardrailArn],
    });
    if (modelArns.size === 0) return guardrail;
    const models = iam.Grant.addToPrincipal({
      grantee,
      actions: ['bedrock:InvokeModel'],
      resourceArns: [...modelArns].sort(),
    });
    if (crossRegionModels.length > 0) acknowledgeCrossRegion(grantee, crossRegionModels);
    return guardrail.combine(models);
  }
}

// Acknowledged per model on the grantee's policy: only the region of each profile's model is a wildcard.
function acknowledgeCrossRegion(grantee: iam.IGrantable, modelIds: readonly string[]): void {
  const principal = grantee.grantPrincipal as unknown as IConstruct;
  const policy = principal.node?.tryFindChild('DefaultPolicy');
  if (policy === undefined) return;
  const partition = Token.isUnresolved(Stack.of(policy).partition) ? '<AWS::Partition>' : Stack.of(policy).partition;
  Validations.of(policy).acknowledge(
    ...modelIds.map((modelId) => ({
      id: `AwsSolutions-IAM5[Resource::arn:${partition}:bedrock:*::foundation-model/${modelId}]`,
      reason:
        'A cross-region inference profile routes each call to one of several regions, so the model it may reach carries a region wildcard; the model id itself is fixed by the alias.',
    })),
  );
}

function validate(props: InferenceProps): void {
  const problems: string[] = [];
  for (const [name, alias] of Object.entries(props.aliases)) {
    if (!(alias.modelId in props.prices)) problems.push(`alias "${name}": model "${alias.modelId}" has no price`);
    if (alias.provider === 'openai-compatible' && props.openAiBaseUrl === undefined)
      problems.push(`alias "${name}": the openai-compatible provider needs openAiBaseUrl`);
  }
  if (problems.length > 0) throw new Error(`Invalid Inference props: ${problems.join('; ')}`);
}
