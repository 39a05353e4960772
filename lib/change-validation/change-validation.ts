import { join } from 'node:path';
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Database } from '../data/database';
import type { Inference } from '../inference/inference';
import { acknowledgeVpcFunctionManagedPolicies } from '../shared/lambda-findings';
import { PROJECT_ROOT, SwitchyardFunction } from '../shared/switchyard-function';

/** The repository root, where `package-lock.json`, `lambdas/` and `state-machines/` live. */

/** The change validation definition, loaded as-is with substitutions (and run as-is locally). */
export const CHANGE_VALIDATION_ASL_FILE = join(PROJECT_ROOT, 'state-machines/change-validation.asl.json');

/** The four agents: construct id, handler export, ASL substitution, description. */
const AGENTS = [
  ['RuleExtractor', 'ruleExtractor', 'RuleExtractorFunctionArn', 'selects the policy rules that apply'],
  ['ContentValidator', 'contentValidator', 'ContentValidatorFunctionArn', 'evaluates the rules, stores findings'],
  ['ModelAnalyst', 'modelAnalyst', 'ModelAnalystFunctionArn', 'assesses the change model (pgvector)'],
  ['PhaseTransition', 'phaseTransition', 'PhaseTransitionFunctionArn', 'decides and writes to ServiceNow'],
] as const;

/** Properties of {@link ChangeValidation}. */
export interface ChangeValidationProps {
  /** The VPC the agents run in. */
  readonly vpc: ec2.IVpc;
  /** Private subnets with egress (ServiceNow is on the internet). */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** Security group of the functions; it is allowed to reach the database proxy. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The database of rules, models, jobs and findings (RDS Proxy, IAM auth). */
  readonly database: Database;
  /** The inference layer: its environment and model grants go to the agents. */
  readonly inference: Inference;
  /** The ServiceNow instance, `https://<name>.service-now.com`. */
  readonly serviceNowInstanceUrl: string;
  /** The secret holding the OAuth client, `{"clientId","clientSecret"}`. */
  readonly serviceNowSecret: secretsmanager.ISecret;
  /**
   * Move a `ready` change out of New (normal → Assess, emergency → Authorize, standard → Scheduled).
   * @default false — the verdict is only noted
   */
  readonly autoTransition?: boolean;
  /**
   * The Bedrock embedding model the agents embed the change text with.
   * @default 'amazon.titan-embed-text-v2:0'
   */
  readonly embeddingModelId?: string;
  /**
   * The length of the stored vectors.
   * @default 512
   */
  readonly embeddingDimension?: number;
  /**
   * How long one execution may run before Step Functions stops it.
   * @default Duration.minutes(15)
   */
  readonly executionTimeout?: Duration;
  /**
   * Execution history logged: `ALL` (every state, no execution data) or `ERROR`.
   * @default 'ALL'
   */
  readonly logLevel?: 'ALL' | 'ERROR';
  /**
   * The deployment stage (names, SWITCHYARD_STAGE).
   * @default 'dev'
   */
  readonly stage?: string;
  /**
   * Days to keep the functions' and the state machine's logs.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /** The key the log groups are encrypted with. */
  readonly logEncryptionKey: kms.IKey;
}

/**
 * Change validation on Step Functions: the four agents (Rule Extractor, Content
 * Validator, AIM Model Analyst, Phase Transition) as Node.js 24 functions in the VPC,
 * and the state machine loaded from `state-machines/change-validation.asl.json` with
 * their ARNs substituted, logging to an encrypted log group and traced with X-Ray.
 */
export class ChangeValidation extends Construct {
  /** The agents' functions, by handler name. */
  readonly functions: Readonly<Record<(typeof AGENTS)[number][1], nodejs.NodejsFunction>>;
  /** The state machine one execution per change version runs on. */
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ChangeValidationProps) {
    super(scope, id);
    const stage = props.stage ?? 'dev';
    const logLevel = props.logLevel ?? 'ALL';
    if (!['ALL', 'ERROR'].includes(logLevel))
      throw new Error(`ChangeValidation logLevel must be 'ALL' or 'ERROR'; got "${logLevel}".`);
    const timeout = props.executionTimeout ?? Duration.minutes(15);
    const logRetention = (props.logRetentionDays ?? 30) as logs.RetentionDays;
    const modelId = props.embeddingModelId ?? 'amazon.titan-embed-text-v2:0';
    const environment: Record<string, string> = {
      ...props.inference.environment(),
      EMBEDDING_PROVIDER: 'bedrock',
      EMBEDDING_MODEL_ID: modelId,
      EMBEDDING_DIMENSION: String(props.embeddingDimension ?? 512),
      SERVICENOW_INSTANCE_URL: props.serviceNowInstanceUrl,
      SERVICENOW_SECRET_NAME: props.serviceNowSecret.secretName,
      CHANGE_AUTO_TRANSITION: String(props.autoTransition ?? false),
    };
    const stack = Stack.of(this);
    const functions = {} as Record<(typeof AGENTS)[number][1], nodejs.NodejsFunction>;
    for (const [name, handler, , description] of AGENTS) {
      const f = new SwitchyardFunction(this, `${name}Function`, {
        description: `Switchyard change validation: ${description}`,
        entry: 'lambdas/change-validation/handler.ts',
        handler,
        serviceName: 'switchyard-change-validation',
        stage,
        timeout: Duration.minutes(2),
        vpc: props.vpc,
        vpcSubnets: props.vpcSubnets,
        securityGroup: props.securityGroup,
        database: props.database,
        logRetentionDays: props.logRetentionDays,
        logEncryptionKey: props.logEncryptionKey,
        logGroupId: `${name}Logs`,
        environment,
      });
      props.serviceNowSecret.grantRead(f);
      props.inference.grantInvoke(f);
      f.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['bedrock:InvokeModel'],
          resources: [`arn:${stack.partition}:bedrock:${stack.region}::foundation-model/${modelId}`],
        }),
      );
      functions[handler] = f;
    }
    this.functions = functions;

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `switchyard-${stage}-change-validation`,
      comment:
        'Switchyard change validation: Rule Extractor → Content Validator → AIM Model Analyst → Phase Transition',
      definitionBody: sfn.DefinitionBody.fromFile(CHANGE_VALIDATION_ASL_FILE),
      definitionSubstitutions: Object.fromEntries(
        AGENTS.map(([, handler, substitution]) => [substitution, functions[handler].functionArn]),
      ),
      timeout,
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'StateMachineLogs', {
          retention: logRetention,
          encryptionKey: props.logEncryptionKey,
        }),
        level: logLevel === 'ALL' ? sfn.LogLevel.ALL : sfn.LogLevel.ERROR,
        includeExecutionData: false,
      },
    });
    for (const f of Object.values(functions)) f.grantInvoke(this.stateMachine.role);
    acknowledgeFindings(this);
  }

  /**
   * Lets `grantee` (the API function) start executions of this state machine, and
   * nothing else (states:StartExecution on its ARN only).
   */
  grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:StartExecution'],
      resourceArns: [this.stateMachine.stateMachineArn],
    });
  }
}

// Findings that CDK's own grants produce; each is acknowledged on the one policy it concerns, with why.
function acknowledgeFindings(cv: ChangeValidation): void {
  const stack = Stack.of(cv);
  const arnOf = (resource: Construct) => `<${stack.getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;
  for (const f of Object.values(cv.functions)) {
    const role = f.role as Construct;
    acknowledgeVpcFunctionManagedPolicies(f);
    Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions; every other statement names its resource.',
    });
  }
  Validations.of(cv.stateMachine.role.node.findChild('DefaultPolicy')).acknowledge(
    ...Object.values(cv.functions).map((f) => ({
      id: `AwsSolutions-IAM5[Resource::${arnOf(f)}:*]`,
      reason: 'lambda:InvokeFunction on the versions and aliases of one agent function (its ARN followed by :*).',
    })),
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing and CloudWatch Logs delivery of the state machine support no resource-level permissions; every other statement names its resource.',
    },
  );
}
