import { Duration, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTE_LIST, type RouteContract } from '../../lambdas/api/contract';
import type { Database } from '../data/database';
import { acknowledgeVpcFunctionManagedPolicies } from '../shared/lambda-findings';
import { SwitchyardFunction } from '../shared/switchyard-function';

/** The repository root, where `package-lock.json` and `lambdas/` live. */

/** Properties of {@link Gateway}. */
export interface GatewayProps {
  /** The VPC the API function runs in. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the API function.
   * @default the VPC's default selection (private subnets)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Security group of the API function; it is allowed to reach the database proxy. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The database the API reads and writes (through RDS Proxy with IAM auth). */
  readonly database: Database;
  /** The token issuer the JWT authorizer accepts: `https://login.microsoftonline.com/<tenant>/v2.0`. */
  readonly issuer: string;
  /** The `aud` the JWT authorizer accepts: the API registration's Application (client) ID for Entra v2 tokens. */
  readonly audience: string;
  /**
   * The stage name the function reports (SWITCHYARD_STAGE).
   * @default 'dev'
   */
  readonly stage?: string;
  /**
   * Steady-state requests per second the stage allows (API Gateway answers 429 beyond).
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst of requests the stage allows.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Browser origins allowed to call the API (CORS). ServiceNow calls server to server and needs none.
   * @default [] — CORS off
   */
  readonly corsAllowedOrigins?: readonly string[];
  /**
   * A custom domain name for the API, e.g. `switchyard.acme.com`; needs `certificate`.
   * @default none — the execute-api URL
   */
  readonly domainName?: string;
  /**
   * The ACM certificate (same region) for `domainName`.
   * @default none
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Days to keep the function and access logs; one of the CloudWatch Logs retention periods.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Key for the log groups; its policy must allow CloudWatch Logs.
   * @default encrypted with the CloudWatch Logs service key
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Extra environment for the API function (e.g. the jobs' state machine ARNs).
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * The MicroGateway: an API Gateway HTTP API whose JWT authorizer accepts only Entra ID
 * tokens for this application, routing every route of the contract
 * (`lambdas/api/contract.ts`) to one function that serves the same hono app the local
 * runtime serves. The app checks the app roles per route; the authorizer checks the
 * token (signature, issuer, audience, expiry) before the function runs.
 */
export class Gateway extends Construct {
  /** The HTTP API. */
  readonly api: apigwv2.HttpApi;
  /** The `$default` stage: throttling and JSON access logs. */
  readonly stage: apigwv2.HttpStage;
  /** The function serving every route. */
  readonly fn: nodejs.NodejsFunction;
  /** The Entra ID JWT authorizer on every route but `/health`. */
  readonly authorizer: HttpJwtAuthorizer;
  /** Where the stage writes one JSON line per request. */
  readonly accessLogGroup: logs.LogGroup;
  /** The custom domain, when configured. */
  readonly domain?: apigwv2.DomainName;
  /** The base URL callers use: the custom domain when configured, else the execute-api URL. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    validateProps(props);
    const logRetention = (props.logRetentionDays ?? 30) as logs.RetentionDays;
    const origins = props.corsAllowedOrigins ?? [];

    this.fn = new SwitchyardFunction(this, 'Function', {
      description: 'Switchyard MicroGateway: the HTTP API (hono app behind the Entra ID JWT authorizer)',
      entry: 'lambdas/api/handler.ts',
      serviceName: 'switchyard-api',
      stage: props.stage,
      // ?wait holds a reply up to 25 s; API Gateway gives up on an integration at 30 s.
      timeout: Duration.seconds(29),
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroup: props.securityGroup,
      database: props.database,
      logRetentionDays: props.logRetentionDays,
      logEncryptionKey: props.logEncryptionKey,
      environment: props.environment,
    });

    this.authorizer = new HttpJwtAuthorizer('EntraId', props.issuer, {
      authorizerName: 'entra-id',
      jwtAudience: [props.audience],
      identitySource: ['$request.header.Authorization'],
    });

    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `switchyard-${props.stage ?? 'dev'}`,
      description: 'Switchyard MicroGateway: ServiceNow’s entry to the agents',
      createDefaultStage: false,
      ...(origins.length === 0
        ? {}
        : {
            corsPreflight: {
              allowOrigins: [...origins],
              allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
              exposeHeaders: ['x-request-id', 'location', 'idempotent-replayed'],
              maxAge: Duration.hours(1),
            },
          }),
    });

    const integration = new HttpLambdaIntegration('App', this.fn, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      // One permission for the whole API rather than one per route.
      scopePermissionToRoute: false,
    });
    for (const route of ROUTE_LIST) this.addContractRoute(route, integration);
    // Any other path still reaches the app (after the authorizer), so it answers 404 in the error shape.
    new apigwv2.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      integration,
      authorizer: this.authorizer,
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: logRetention,
      encryptionKey: props.logEncryptionKey,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttlingRateLimit ?? 50, burstLimit: props.throttlingBurstLimit ?? 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    if (props.domainName !== undefined && props.certificate !== undefined) {
      this.domain = new apigwv2.DomainName(this, 'Domain', {
        domainName: props.domainName,
        certificate: props.certificate,
      });
      new apigwv2.ApiMapping(this, 'DomainMapping', { api: this.api, domainName: this.domain, stage: this.stage });
      this.url = `https://${props.domainName}`;
    } else {
      this.url = this.stage.url.replace(/\/$/, '');
    }

    acknowledgeFindings(this);
  }

  private addContractRoute(route: RouteContract, integration: HttpLambdaIntegration): void {
    const method = route.method === 'get' ? apigwv2.HttpMethod.GET : apigwv2.HttpMethod.POST;
    new apigwv2.HttpRoute(this, `Route${route.operationId.charAt(0).toUpperCase()}${route.operationId.slice(1)}`, {
      httpApi: this.api,
      routeKey: apigwv2.HttpRouteKey.with(route.path, method),
      integration,
      ...(route.roles === null ? {} : { authorizer: this.authorizer }),
    });
  }
}

/** One JSON object per request in the access log (HTTP API $context variables). */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  caller: '$context.authorizer.claims.oid',
  appId: '$context.authorizer.claims.azp',
} as const;

function validateProps(props: GatewayProps): void {
  if ((props.domainName === undefined) !== (props.certificate === undefined)) {
    throw new Error(
      `Gateway: domainName and certificate go together; got domainName ${JSON.stringify(props.domainName)} and ${props.certificate === undefined ? 'no' : 'a'} certificate.`,
    );
  }
  for (const [name, value] of [
    ['throttlingRateLimit', props.throttlingRateLimit],
    ['throttlingBurstLimit', props.throttlingBurstLimit],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new Error(`Gateway: ${name} must be a whole number of at least 1; got ${value}.`);
    }
  }
  if (!/^https:\/\/\S+$/.test(props.issuer)) {
    throw new Error(`Gateway: issuer must be an https URL; got ${JSON.stringify(props.issuer)}.`);
  }
}

// Findings CDK's own Lambda wiring and the one public route produce; each acknowledged where it applies.
function acknowledgeFindings(gateway: Gateway): void {
  const role = gateway.fn.role as Construct;
  acknowledgeVpcFunctionManagedPolicies(gateway.fn);
  Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; rds-db:connect in the same policy is scoped to one proxy and user.',
  });
  const health = gateway.node.findChild('RouteGetHealth');
  Validations.of(health).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason:
      'GET /health is deliberately unauthenticated (load balancers and uptime checks have no token); it reveals only ok/degraded and the version. Every other route has the Entra ID JWT authorizer.',
  });
}
