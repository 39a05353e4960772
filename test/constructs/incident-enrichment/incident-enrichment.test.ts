/** biome-ignore-all lint/suspicious/noExplicitAny: CloudFormation properties are read field by field. */
import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack, synthStack } from '../synth';

const AGENTS = [
  'tag-classifier',
  'incident-similarity',
  'incident-associator',
  'change-associator',
  'context-retriever',
];

describe('the IncidentEnrichment construct in the stack', () => {
  let template: Template;
  let ids: { solver: string; agents: Record<string, string>; api: string };

  beforeAll(() => {
    template = synthStack();
    const { stack } = buildStack();
    const id = (fn: { node: { defaultChild?: unknown } }) =>
      Stack.of(stack).getLogicalId(fn.node.defaultChild as never);
    ids = {
      solver: id(stack.incidentEnrichment.solver),
      agents: Object.fromEntries(Object.entries(stack.incidentEnrichment.agents).map(([agent, fn]) => [agent, id(fn)])),
      api: id(stack.gateway.fn),
    };
  }, 240_000);

  const functionProps = (logicalId: string) => template.toJSON().Resources[logicalId].Properties as Record<string, any>;
  const policiesOf = (logicalId: string) =>
    Object.values(template.findResources('AWS::IAM::Policy')).filter((p: any) =>
      JSON.stringify(p.Properties.Roles).includes(functionProps(logicalId).Role['Fn::GetAtt'][0]),
    ) as { Properties: { PolicyDocument: { Statement: any[] } } }[];
  const statementsOf = (logicalId: string) =>
    policiesOf(logicalId).flatMap((p) => p.Properties.PolicyDocument.Statement);

  it('runs six Node.js 24 functions in the VPC with X-Ray tracing and an encrypted log group each', () => {
    // act
    const all = [ids.solver, ...Object.values(ids.agents)].map(functionProps);
    // assert
    expect(all).toHaveLength(6);
    for (const props of all) {
      expect(props).toMatchObject({
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
      expect(props.VpcConfig.SubnetIds).toBeDefined();
      expect(props.Environment.Variables).toMatchObject({ DB_AUTH: 'iam', SWITCHYARD_RUNTIME: 'aws' });
      const logGroup = template.toJSON().Resources[props.LoggingConfig.LogGroup.Ref];
      expect(logGroup.Properties.KmsKeyId).toBeDefined();
    }
  });

  it('lets the solver invoke exactly the five agent functions', () => {
    // act
    const invoke = statementsOf(ids.solver).filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
    // assert
    expect(invoke).toHaveLength(1);
    expect(invoke[0].Action).toBe('lambda:InvokeFunction');
    const targets = [invoke[0].Resource].flat().map((r: any) => r['Fn::GetAtt'][0]);
    expect(targets.sort()).toEqual(Object.values(ids.agents).sort());
  });

  it('tells the solver the agents’ function names and its per-agent timeout', () => {
    // act
    const env = functionProps(ids.solver).Environment.Variables;
    // assert
    expect(env.INCIDENT_AGENT_TIMEOUT_MS).toBe('5000');
    expect(env.SERVICENOW_SECRET_NAME).toBeDefined();
    const names = JSON.stringify(env.INCIDENT_AGENT_FUNCTIONS);
    for (const agent of AGENTS) expect(names).toContain(agent);
    for (const logicalId of Object.values(ids.agents)) expect(names).toContain(logicalId);
  });

  it('gives the inference environment and model grant to the agents that call the model only', () => {
    for (const [agent, logicalId] of Object.entries(ids.agents)) {
      // act
      const env = functionProps(logicalId).Environment.Variables;
      const bedrock = statementsOf(logicalId).filter((s) =>
        JSON.stringify(s.Action).includes('bedrock:ApplyGuardrail'),
      );
      // assert
      const usesModel = agent !== 'context-retriever';
      expect(env.MODEL_ALIASES !== undefined, agent).toBe(usesModel);
      expect(bedrock.length > 0, agent).toBe(usesModel);
    }
    expect(functionProps(ids.solver).Environment.Variables.MODEL_ALIASES).toBeUndefined();
  });

  it('connects every function to the database through the RDS Proxy with IAM auth', () => {
    for (const logicalId of [ids.solver, ...Object.values(ids.agents)]) {
      const connect = statementsOf(logicalId).filter((s) => s.Action === 'rds-db:connect');
      expect(connect, logicalId).toHaveLength(1);
    }
  });

  it('lets the API function invoke the Smart Solver and names it in the API’s environment', () => {
    // assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [ids.solver, 'Arn'] } }),
        ]),
      },
    });
    expect(functionProps(ids.api).Environment.Variables.SMART_SOLVER_FUNCTION_NAME).toEqual({ Ref: ids.solver });
  });
});
