import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_LIST } from '../../../lambdas/api/contract';
import { ACCESS_LOG_FIELDS } from '../../../lib/gateway/gateway';
import { buildStack, resourceNamed, synthStack } from '../synth';

const TENANT = '3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
let template: Template;
const LOG_KEY = { 'Fn::GetAtt': [expect.stringMatching(/^NetworkLogKey/), 'Arn'] };

beforeAll(() => {
  template = synthStack({ context: { entraTenantId: TENANT, entraAudience: 'api://switchyard-test' } });
});

type Resource = { Properties: Record<string, unknown> };

function routes(): Record<string, Resource> {
  return Object.fromEntries(
    Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>).map((route) => [
      route.Properties.RouteKey as string,
      route,
    ]),
  );
}

describe('the MicroGateway', () => {
  it('has a JWT authorizer for the Entra ID tenant’s v2 issuer and the configured audience', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        Audience: ['api://switchyard-test'],
      },
    });
  });

  it('is an HTTP API with a route for every route of the contract, plus $default', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const keys = Object.keys(routes()).sort();
    expect(keys).toEqual(
      [...ROUTE_LIST.map((route) => `${route.method.toUpperCase()} ${route.path}`), '$default'].sort(),
    );
  });

  it('sends every route to the API function through one Lambda proxy integration (payload 2.0)', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Resource>;
    expect(Object.keys(integrations)).toHaveLength(1);
    const [integrationId, integration] = Object.entries(integrations)[0] as [string, Resource];
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    const { id: functionId } = resourceNamed(template, 'AWS::Lambda::Function', 'GatewayFunction');
    expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(functionId);
    for (const route of Object.values(routes())) {
      expect(route.Properties.Target).toEqual({ 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] });
    }
  });

  it('requires the JWT authorizer on every route but GET /health', () => {
    const { id: authorizerId } = resourceNamed(template, 'AWS::ApiGatewayV2::Authorizer', 'GatewayApiEntraId');
    for (const [key, route] of Object.entries(routes())) {
      if (key === 'GET /health') {
        expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      } else {
        expect(route.Properties, key).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      }
    }
  });

  it('writes JSON access logs to an encrypted log group with the configured retention', () => {
    const stage = resourceNamed(template, 'AWS::ApiGatewayV2::Stage', 'GatewayDefaultStage').resource;
    const settings = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(JSON.parse(settings.Format)).toEqual(ACCESS_LOG_FIELDS);
    const { id: logGroupId, resource: logGroup } = resourceNamed(template, 'AWS::Logs::LogGroup', 'GatewayAccessLogs');
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    expect(logGroup.Properties).toMatchObject({ RetentionInDays: 30, KmsKeyId: LOG_KEY });
  });

  it('throttles the stage with the configured limits', () => {
    const custom = synthStack({ context: { apiThrottleRateLimit: 20, apiThrottleBurstLimit: 40 } });
    custom.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it('runs the API function on Node.js 24 in the VPC, traced, with an encrypted log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('MicroGateway'),
      Runtime: 'nodejs24.x',
      Timeout: 29,
      TracingConfig: { Mode: 'Active' },
      VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
      Environment: {
        Variables: Match.objectLike({
          SWITCHYARD_RUNTIME: 'aws',
          DB_AUTH: 'iam',
          POWERTOOLS_SERVICE_NAME: 'switchyard-api',
        }),
      },
    });
    const { resource: logGroup } = resourceNamed(template, 'AWS::Logs::LogGroup', 'GatewayFunctionLogs');
    expect(logGroup.Properties).toMatchObject({ RetentionInDays: 30, KmsKeyId: LOG_KEY });
  });

  it('lets the API function connect to the database proxy as its IAM user', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^GatewayFunctionServiceRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'rds-db:connect', Effect: 'Allow' })]),
      },
    });
  });

  it('has CORS off by default and on for configured origins only', () => {
    const api = resourceNamed(template, 'AWS::ApiGatewayV2::Api', 'GatewayApi').resource;
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const withCors = synthStack({ context: { apiCorsAllowedOrigins: '["https://acme.service-now.com"]' } });
    withCors.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://acme.service-now.com'] }),
    });
  });

  it('maps a custom domain with its certificate when configured, and outputs the API URL', () => {
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    const custom = synthStack({ context: { apiDomainName: 'switchyard.acme.com', apiCertificateArn: arn } });
    custom.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'switchyard.acme.com',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: arn })],
    });
    custom.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    custom.hasOutput('ApiUrl', { Value: 'https://switchyard.acme.com' });
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });

  it('passes cdk-nag with a custom domain and CORS configured', () => {
    const { stack } = buildStack({
      context: {
        apiDomainName: 'switchyard.acme.com',
        apiCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
        apiCorsAllowedOrigins: 'https://acme.service-now.com',
      },
    });
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    expect(report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName)).toEqual([]);
  });
});
