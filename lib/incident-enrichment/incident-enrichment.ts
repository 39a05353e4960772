import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Database } from '../data/database';
import type { Inference } from '../inference/inference';
import { acknowledgeVpcFunctionManagedPolicies } from '../shared/lambda-findings';
import { SwitchyardFunction } from '../shared/switchyard-function';

/** The repository root, where `package-lock.json` and `lambdas/` live. */

/** The five agents: construct id, agent name, whether it calls the model, whether it embeds text, memory. */
const AGENTS = [
  ['TagClassifier', 'tag-classifier', true, false, 1536],
  ['IncidentSimilarity', 'incident-similarity', true, true, 512],
  ['IncidentAssociator', 'incident-associator', true, true, 512],
  ['ChangeAssociator', 'change-associator', true, false, 512],
  ['ContextRetriever', 'context-retriever', false, false, 512],
] as const;

/** An incident agent's name. */
export type IncidentAgentName = (typeof AGENTS)[number][1];

/** Properties of {@link IncidentEnrichment}. */
export interface IncidentEnrichmentProps {
  /** The VPC the functions run in. */
  readonly vpc: ec2.IVpc;
  /** Private subnets with egress (ServiceNow is on the internet). */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** Security group of the functions; it is allowed to reach the database proxy. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The database of incidents, CMDB, changes and jobs (RDS Proxy, IAM auth). */
  readonly database: Database;
  /** The inference layer: its environment and model grants go to the agents that call the model. */
  readonly inference: Inference;
  /** The ServiceNow instance, `https://<name>.service-now.com`. */
  readonly serviceNowInstanceUrl: string;
  /** The secret holding the OAuth client, `{"clientId","clientSecret"}`; the solver writes the work note. */
  readonly serviceNowSecret: secretsmanager.ISecret;
  /**
   * The Bedrock embedding model the similarity agents embed the incident with.
   * @default 'amazon.titan-embed-text-v2:0'
   */
  readonly embeddingModelId?: string;
  /**
   * The length of the stored vectors.
   * @default 512
   */
  readonly embeddingDimension?: number;
  /**
   * How long the solver waits for each agent before it goes on without it.
   * @default Duration.seconds(5)
   */
  readonly agentTimeout?: Duration;
  /**
   * The deployment stage (SWITCHYARD_STAGE).
   * @default 'dev'
   */
  readonly stage?: string;
  /**
   * Days to keep the functions' logs.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /** The key the log groups are encrypted with. */
  readonly logEncryptionKey: kms.IKey;
  /**
   * EventBridge Scheduler expression of the Tag Classifier trainer's runs (each skips
   * training when the history is unchanged), e.g. `rate(1 hour)` or `cron(0 3 * * ? *)`.
   * @default 'rate(1 hour)'
   */
  readonly trainerSchedule?: string;
  /**
   * A function whose successful asynchronous runs load incidents (the ETL's incremental
   * run): each success also invokes the trainer (a Lambda destination).
   * @default none: the schedule alone starts the trainer
   */
  readonly historyLoader?: lambda.IFunction;
}

/**
 * Incident enrichment: the Smart Solver and its five agents (Tag Classifier, Incident
 * Similarity, Incident Associator, Change Associator, Context Retriever) as Node.js 24
 * functions in the VPC, each with its own encrypted log group and X-Ray tracing. The
 * solver may invoke exactly the five agent functions; the API invokes the solver.
 */
export class IncidentEnrichment extends Construct {
  /** The Smart Solver function. */
  readonly solver: nodejs.NodejsFunction;
  /** The agents' functions, by agent name. */
  readonly agents: Readonly<Record<IncidentAgentName, nodejs.NodejsFunction>>;
  /** The Tag Classifier trainer: trains on the labelled history and stores the model the Tag Classifier loads. */
  readonly trainer: nodejs.NodejsFunction;
  /** The trainer's schedule. */
  readonly trainerSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: IncidentEnrichmentProps) {
    super(scope, id);
    const agentTimeout = props.agentTimeout ?? Duration.seconds(5);
    const timeoutMs = agentTimeout.toMilliseconds();
    if (timeoutMs < 100 || timeoutMs > 60_000)
      throw new Error(`IncidentEnrichment agentTimeout must be from 100 ms to 60 s; got ${timeoutMs} ms.`);
    const trainerSchedule = props.trainerSchedule ?? 'rate(1 hour)';
    if (!/^(rate|cron|at)\(.+\)$/.test(trainerSchedule))
      throw new Error(
        `IncidentEnrichment trainerSchedule must be rate(...), cron(...) or at(...); got "${trainerSchedule}".`,
      );
    const stack = Stack.of(this);
    const modelId = props.embeddingModelId ?? 'amazon.titan-embed-text-v2:0';
    const base: Record<string, string> = {
      EMBEDDING_PROVIDER: 'bedrock',
      EMBEDDING_MODEL_ID: modelId,
      EMBEDDING_DIMENSION: String(props.embeddingDimension ?? 512),
    };
    const make = (name: string, entry: string, description: string, memorySize: number, timeout: Duration) =>
      new SwitchyardFunction(this, `${name}Function`, {
        description: `Switchyard incident enrichment: ${description}`,
        entry,
        serviceName: 'switchyard-incident-enrichment',
        stage: props.stage,
        memorySize,
        timeout,
        vpc: props.vpc,
        vpcSubnets: props.vpcSubnets,
        securityGroup: props.securityGroup,
        database: props.database,
        logRetentionDays: props.logRetentionDays,
        logEncryptionKey: props.logEncryptionKey,
        logGroupId: `${name}Logs`,
        environment: base,
      });

    const agents = {} as Record<IncidentAgentName, nodejs.NodejsFunction>;
    for (const [name, agent, usesModel, embeds, memory] of AGENTS) {
      // An agent answers within the solver's timeout or not at all; a little slack for a cold start.
      const f = make(
        name,
        `lambdas/${agent}/handler.ts`,
        agent,
        memory,
        Duration.seconds(Math.ceil(timeoutMs / 1000) + 25),
      );
      if (usesModel) {
        for (const [key, value] of Object.entries(props.inference.environment())) f.addEnvironment(key, value);
        props.inference.grantInvoke(f);
      }
      if (embeds)
        f.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['bedrock:InvokeModel'],
            resources: [`arn:${stack.partition}:bedrock:${stack.region}::foundation-model/${modelId}`],
          }),
        );
      agents[agent] = f;
    }
    this.agents = agents;

    this.solver = make(
      'SmartSolver',
      'lambdas/smart-solver/handler.ts',
      'Smart Solver (plans, invokes the agents, stores the enrichment, writes the work note)',
      512,
      Duration.minutes(1),
    );
    this.solver.addEnvironment('SERVICENOW_INSTANCE_URL', props.serviceNowInstanceUrl);
    this.solver.addEnvironment('SERVICENOW_SECRET_NAME', props.serviceNowSecret.secretName);
    this.solver.addEnvironment('INCIDENT_AGENT_TIMEOUT_MS', String(timeoutMs));
    this.solver.addEnvironment(
      'INCIDENT_AGENT_FUNCTIONS',
      stack.toJsonString(Object.fromEntries(AGENTS.map(([, agent]) => [agent, agents[agent].functionName]))),
    );
    props.serviceNowSecret.grantRead(this.solver);
    iam.Grant.addToPrincipal({
      grantee: this.solver,
      actions: ['lambda:InvokeFunction'],
      resourceArns: Object.values(agents).map((f) => f.functionArn),
    });

    // Training 5,000 incidents takes ~10 s of one core and a few hundred MB; the Tag
    // Classifier's functions only load the stored model. Only the database is reachable.
    this.trainer = make(
      'TagClassifierTrainer',
      'lambdas/tag-classifier-trainer/handler.ts',
      'Tag Classifier trainer (trains on the labelled history, stores the model)',
      2048,
      Duration.minutes(5),
    );
    // One training at a time: a run starting meanwhile waits (asynchronous retry) and then finds the model current.
    (this.trainer.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = 1;
    const trainerScheduleRole = new iam.Role(this, 'TrainerScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Switchyard incident enrichment: lets EventBridge Scheduler start the Tag Classifier trainer',
    });
    this.trainerSchedule = new scheduler.Schedule(this, 'TrainerSchedule', {
      description: 'Switchyard incident enrichment: Tag Classifier trainer (skips when the history is unchanged)',
      schedule: scheduler.ScheduleExpression.expression(trainerSchedule),
      target: new schedulerTargets.LambdaInvoke(this.trainer, {
        role: trainerScheduleRole,
        input: scheduler.ScheduleTargetInput.fromObject({}),
        // The next scheduled run trains what this one could not.
        retryAttempts: 0,
      }),
    });
    if (props.historyLoader !== undefined)
      new lambda.EventInvokeConfig(this, 'TrainAfterHistoryLoad', {
        function: props.historyLoader,
        onSuccess: new destinations.LambdaDestination(this.trainer),
      });
    acknowledgeFindings(this, trainerScheduleRole, props.historyLoader);
  }

  /** Lets `grantee` (the API function) invoke the Smart Solver, and nothing else (lambda:InvokeFunction on its ARN). */
  grantInvokeSolver(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['lambda:InvokeFunction'],
      resourceArns: [this.solver.functionArn],
    });
  }
}

// Findings that CDK's own grants produce; each is acknowledged on the one policy it concerns, with why.
function acknowledgeFindings(ie: IncidentEnrichment, scheduleRole: iam.Role, historyLoader?: lambda.IFunction): void {
  const stack = Stack.of(ie);
  const trainerArn = `<${stack.getLogicalId(ie.trainer.node.defaultChild as CfnElement)}.Arn>`;
  const invokeTrainerVersions = {
    id: `AwsSolutions-IAM5[Resource::${trainerArn}:*]`,
    reason: 'lambda:InvokeFunction on the versions and aliases of the one trainer function (its ARN followed by :*).',
  };
  Validations.of(scheduleRole.node.findChild('DefaultPolicy')).acknowledge(invokeTrainerVersions);
  const loaderPolicy = historyLoader?.role?.node.tryFindChild('DefaultPolicy');
  if (loaderPolicy !== undefined) Validations.of(loaderPolicy).acknowledge(invokeTrainerVersions);
  for (const f of [ie.solver, ie.trainer, ...Object.values(ie.agents)]) {
    acknowledgeVpcFunctionManagedPolicies(f);
    Validations.of((f.role as Construct).node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions; every other statement names its resource.',
    });
  }
}
