import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { Network } from '../../../lib/network/network';
import { emptyStack, synthStack } from '../synth';

/** `{ Fn::Join: ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.states']] }` → `com.amazonaws.<Region>.states`. */
function serviceName(value: unknown): string {
  const join = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return join[1].map((part) => (typeof part === 'string' ? part : '<Region>')).join(join[0]);
}

/** Logical ids of the subnets of one group (`aws-cdk:subnet-name`) and type (`aws-cdk:subnet-type`). */
function subnetsOfType(template: Template, type: 'Public' | 'Private' | 'Isolated', name: string): string[] {
  return Object.entries(template.findResources('AWS::EC2::Subnet'))
    .filter(([, subnet]) => {
      const tags = subnet.Properties.Tags as { Key: string; Value: string }[];
      const tag = (key: string) => tags.find((t) => t.Key === key)?.Value;
      return tag('aws-cdk:subnet-type') === type && tag('aws-cdk:subnet-name') === name;
    })
    .map(([id]) => id);
}

describe('Network with the default configuration (one NAT gateway, two AZs)', () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack();
  });

  it('creates public, private-with-egress function and isolated database subnets in two AZs', () => {
    // assert
    template.resourceCountIs('AWS::EC2::VPC', 1);
    expect(subnetsOfType(template, 'Public', 'Public')).toHaveLength(2);
    expect(subnetsOfType(template, 'Private', 'Functions')).toHaveLength(2);
    expect(subnetsOfType(template, 'Isolated', 'Database')).toHaveLength(2);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
  });

  it('routes function egress through one NAT gateway with a fixed Elastic IP', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
    template.hasOutput('NatPublicIp1', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('EIP'), 'PublicIp'] } });
  });

  it('creates an interface endpoint for every AWS service the functions call, plus an S3 gateway endpoint', () => {
    // act
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((endpoint) => ({
      type: endpoint.Properties.VpcEndpointType,
      service: serviceName(endpoint.Properties.ServiceName),
      privateDns: endpoint.Properties.PrivateDnsEnabled,
    }));
    // assert
    const prefix = 'com.amazonaws.<Region>.';
    expect(endpoints.filter((e) => e.type === 'Interface').map((e) => e.service.replace(prefix, ''))).toEqual(
      expect.arrayContaining(['bedrock-runtime', 'states', 'secretsmanager', 'logs', 'xray', 'lambda', 'kms', 'sts']),
    );
    expect(endpoints.filter((e) => e.type === 'Interface').every((e) => e.privateDns === true)).toBe(true);
    expect(endpoints.filter((e) => e.type === 'Gateway').map((e) => e.service)).toEqual([`${prefix}s3`]);
  });

  it('admits only HTTPS from the VPC range to the interface endpoints', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('interface endpoints'),
      SecurityGroupIngress: [{ CidrIp: '10.40.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }],
    });
  });

  it('sends all VPC traffic to a KMS-encrypted flow log group with the configured retention', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: Match.stringLikeRegexp('NetworkFlowLogs') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 30,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('NetworkLogKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('CloudWatch Logs'),
      EnableKeyRotation: true,
    });
  });

  it('lets functions out only on HTTPS and to the proxy on 5432', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Switchyard functions'),
      SecurityGroupEgress: [
        { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() },
      ],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('NetworkFunctionSecurityGroup'), 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DatabaseProxySecurityGroup'), 'GroupId'] },
      FromPort: 5432,
      ToPort: 5432,
    });
  });
});

describe('Network without NAT gateways', () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack({ context: { natGateways: 0 } });
  });

  it('has no NAT gateway, no Elastic IP, no internet gateway and no public subnet', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true }, 0);
  });

  it('puts functions in isolated subnets', () => {
    expect(subnetsOfType(template, 'Isolated', 'Functions')).toHaveLength(2);
    expect(subnetsOfType(template, 'Private', 'Functions')).toHaveLength(0);
  });

  it('still reaches AWS services through the VPC endpoints', () => {
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 8);
  });
});

describe('Network sizing', () => {
  it.each([
    { natGateways: 2, maxAzs: 2, nats: 2, subnets: 6 },
    { natGateways: 2, maxAzs: 3, nats: 2, subnets: 9 },
    { natGateways: 3, maxAzs: 3, nats: 3, subnets: 9 },
  ])(
    'creates $nats NAT gateways and $subnets subnets for natGateways=$natGateways, maxAzs=$maxAzs',
    ({ natGateways, maxAzs, nats, subnets }) => {
      // act
      const template = synthStack({ context: { natGateways, maxAzs } });
      // assert
      template.resourceCountIs('AWS::EC2::NatGateway', nats);
      template.resourceCountIs('AWS::EC2::Subnet', subnets);
    },
  );

  it('spans three AZs of an environment-agnostic stack by selecting from Fn::GetAZs', () => {
    // act
    const template = synthStack({ context: { maxAzs: 3 } });
    // assert
    template.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: { 'Fn::Select': [2, { 'Fn::GetAZs': '' }] },
    });
  });

  it('rejects more NAT gateways than availability zones, naming the value', () => {
    expect(() => new Network(emptyStack(), 'Network', { natGateways: 3, maxAzs: 2 })).toThrow(
      'Network natGateways must be an integer from 0 to maxAzs (2); got 3.',
    );
  });
});
