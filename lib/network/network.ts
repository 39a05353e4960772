import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { createLogEncryptionKey } from '../shared/log-encryption';

/** The AWS services our functions call, each reached through an interface endpoint. */
export const INTERFACE_ENDPOINTS = {
  BedrockRuntime: ec2.InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME,
  StepFunctions: ec2.InterfaceVpcEndpointAwsService.STEP_FUNCTIONS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  CloudWatchLogs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  XRay: ec2.InterfaceVpcEndpointAwsService.XRAY,
  Lambda: ec2.InterfaceVpcEndpointAwsService.LAMBDA,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
} as const;

/** Names of the subnet groups, stable because subnet logical IDs derive from them. */
export const SUBNET_GROUPS = { public: 'Public', functions: 'Functions', database: 'Database' } as const;

/** Properties of {@link Network}. */
export interface NetworkProps {
  /**
   * NAT gateways, each with a fixed Elastic IP; 0 removes the public subnets and all
   * internet egress (ServiceNow calls then fail).
   * @default 1
   */
  readonly natGateways?: number;
  /**
   * Availability zones to span (2 or 3).
   * @default 2
   */
  readonly maxAzs?: number;
  /**
   * The VPC's IPv4 range.
   * @default '10.40.0.0/16'
   */
  readonly cidr?: string;
  /**
   * Days to keep VPC flow logs; one of the CloudWatch Logs retention periods.
   * @default 30
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Key that encrypts the flow log group; its policy must allow CloudWatch Logs.
   * @default a new customer-managed key with rotation, exposed as `logEncryptionKey`
   */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * The VPC every Switchyard function and the database live in: function subnets
 * (with NAT egress when `natGateways > 0`, isolated otherwise), isolated database
 * subnets, VPC endpoints for the AWS services functions call, encrypted flow logs,
 * and the security group functions run with.
 */
export class Network extends Construct {
  /** The VPC. */
  readonly vpc: ec2.Vpc;
  /** Security group for functions: HTTPS out (AWS endpoints, ServiceNow via NAT); database access is added by `Database`. */
  readonly functionSecurityGroup: ec2.SecurityGroup;
  /** Where functions run: private with NAT egress, or isolated when there is no NAT. */
  readonly functionSubnets: ec2.SubnetSelection;
  /** Where the database and RDS Proxy run: isolated, no route to the internet. */
  readonly databaseSubnets: ec2.SubnetSelection;
  /** Whether functions have internet egress (through NAT). */
  readonly hasInternetEgress: boolean;
  /** The public IPs of the NAT gateways: what ServiceNow must allow-list. Empty without NAT. */
  readonly natPublicIps: string[];
  /** The key encrypting the flow logs (shareable with other log groups). */
  readonly logEncryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const maxAzs = props.maxAzs ?? 2;
    const natGateways = props.natGateways ?? 1;
    if (!Number.isInteger(maxAzs) || maxAzs < 2 || maxAzs > 3) {
      throw new Error(`Network maxAzs must be 2 or 3; got ${maxAzs}.`);
    }
    if (!Number.isInteger(natGateways) || natGateways < 0 || natGateways > maxAzs) {
      throw new Error(`Network natGateways must be an integer from 0 to maxAzs (${maxAzs}); got ${natGateways}.`);
    }
    this.hasInternetEgress = natGateways > 0;

    const cidr = props.cidr ?? '10.40.0.0/16';
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs,
      natGateways,
      subnetConfiguration: [
        ...(this.hasInternetEgress
          ? [{ name: SUBNET_GROUPS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }]
          : []),
        {
          name: SUBNET_GROUPS.functions,
          subnetType: this.hasInternetEgress ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 22,
        },
        { name: SUBNET_GROUPS.database, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      restrictDefaultSecurityGroup: true,
    });
    this.functionSubnets = { subnetGroupName: SUBNET_GROUPS.functions };
    this.databaseSubnets = { subnetGroupName: SUBNET_GROUPS.database };
    this.natPublicIps = this.vpc.publicSubnets.flatMap((subnet) => {
      const eip = subnet.node.tryFindChild('EIP');
      return eip instanceof ec2.CfnEIP ? [eip.attrPublicIp] : [];
    });

    this.logEncryptionKey =
      props.logEncryptionKey ??
      createLogEncryptionKey(
        this,
        'LogKey',
        'Switchyard: encrypts CloudWatch Logs (VPC flow, function and database logs)',
      );
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: (props.flowLogRetentionDays ?? 30) as logs.RetentionDays,
      encryptionKey: this.logEncryptionKey,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Switchyard interface endpoints: HTTPS from inside the VPC',
      allowAllOutbound: false,
    });
    // The literal range (not the VPC's CidrBlock attribute) keeps the rule checkable at synth.
    endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    for (const [endpointId, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(endpointId, {
        service,
        subnets: this.functionSubnets,
        privateDnsEnabled: true,
        securityGroups: [endpointSecurityGroup],
        open: false,
      });
    }

    this.functionSecurityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: this.vpc,
      description: 'Switchyard functions: HTTPS to AWS endpoints and ServiceNow (via NAT); PostgreSQL to RDS Proxy',
      allowAllOutbound: false,
    });
    this.functionSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS: VPC endpoints, S3 gateway, and ServiceNow through the NAT gateway',
    );
  }
}
