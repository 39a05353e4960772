import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourceNamed, synthStack } from '../synth';

const databaseKey = { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] };

describe('Database with the default configuration', () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack();
  });

  it('runs PostgreSQL 16 in the isolated database subnets, not publicly accessible', () => {
    // act
    const { resource } = resourceNamed(template, 'AWS::RDS::DBInstance', 'DatabaseInstance');
    // assert
    expect(resource.Properties).toMatchObject({ Engine: 'postgres', PubliclyAccessible: false, DBName: 'switchyard' });
    expect(resource.Properties.EngineVersion).toMatch(/^16\.\d+$/);
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('DatabaseSubnet1') },
        { Ref: Match.stringLikeRegexp('DatabaseSubnet2') },
      ],
    });
  });

  it('encrypts the database with the customer-managed key, rotated yearly', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      StorageEncrypted: true,
      KmsKeyId: databaseKey,
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: databaseKey,
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: databaseKey });
    const { resource } = resourceNamed(template, 'AWS::KMS::Key', 'DatabaseKey');
    expect(resource.Properties.EnableKeyRotation).toBe(true);
    expect(resource.DeletionPolicy).toBe('Retain');
  });

  it('takes sizing, backups and protection from the configuration defaults', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.t4g.medium',
      AllocatedStorage: '20',
      MaxAllocatedStorage: 100,
      BackupRetentionPeriod: 7,
      MultiAZ: false,
      DeletionProtection: true,
      EnableIAMDatabaseAuthentication: true,
    });
  });

  it('forces TLS through the parameter group', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres16',
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
  });

  it('exports the PostgreSQL log to a log group with the configured retention, created before the instance', () => {
    // act
    const { id: logGroupId } = resourceNamed(template, 'AWS::Logs::LogGroup', 'DatabasePostgresLog');
    const { resource: instance } = resourceNamed(template, 'AWS::RDS::DBInstance', 'DatabaseInstance');
    // assert
    expect(instance.Properties.EnableCloudwatchLogsExports).toEqual(['postgresql']);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/rds/instance/switchyard-dev-postgres/postgresql',
      RetentionInDays: 30,
      KmsKeyId: Match.anyValue(),
    });
    expect(instance.DependsOn).toContain(logGroupId);
  });

  it('rotates the master secret with the hosted single-user PostgreSQL rotation inside the VPC', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('DatabaseInstanceSecretAttachment') },
      HostedRotationLambda: {
        RotationType: 'PostgreSQLSingleUser',
        KmsKeyArn: databaseKey,
        VpcSecurityGroupIds: Match.anyValue(),
        VpcSubnetIds: Match.anyValue(),
      },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  it('puts an RDS Proxy in front that requires TLS and IAM authentication', () => {
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      DBProxyName: 'switchyard-dev-proxy',
      Auth: [{ AuthScheme: 'SECRETS', IAMAuth: 'REQUIRED', SecretArn: Match.anyValue() }],
    });
    template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
      DBInstanceIdentifiers: [{ Ref: Match.stringLikeRegexp('DatabaseInstance') }],
    });
  });

  it('admits PostgreSQL on the proxy only from the function security group', () => {
    // act
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter((rule) =>
      JSON.stringify(rule.Properties.GroupId).includes('DatabaseProxySecurityGroup'),
    );
    // assert
    expect(ingress).toHaveLength(1);
    expect(ingress[0]?.Properties).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^NetworkFunctionSecurityGroup/), 'GroupId'] },
    });
  });

  it('admits connections to the instance only from the proxy and the rotation function', () => {
    // act
    const sources = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((rule) => JSON.stringify(rule.Properties.GroupId).includes('DatabaseInstanceSecurityGroup'))
      .map((rule) => rule.Properties.SourceSecurityGroupId['Fn::GetAtt'][0] as string);
    // assert
    expect(sources).toHaveLength(2);
    expect(sources.some((id) => id.startsWith('DatabaseProxySecurityGroup'))).toBe(true);
    expect(sources.some((id) => id.startsWith('DatabaseRotationSecurityGroup'))).toBe(true);
  });

  it('keeps the instance on a non-default port behind the proxy', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { Port: '5433' });
  });
});

describe('Database configuration', () => {
  it.each([
    { dbMultiAz: true, dbDeletionProtection: false },
    { dbMultiAz: false, dbDeletionProtection: true },
  ])('sets MultiAZ=$dbMultiAz and DeletionProtection=$dbDeletionProtection from the configuration', (context) => {
    // act
    const template = synthStack({ context });
    // assert
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      MultiAZ: context.dbMultiAz,
      DeletionProtection: context.dbDeletionProtection,
    });
  });

  it('turns Performance Insights off for a class that does not offer it', () => {
    // act
    const template = synthStack({ context: { dbInstanceClass: 't4g.small' } });
    // assert
    const { resource } = resourceNamed(template, 'AWS::RDS::DBInstance', 'DatabaseInstance');
    expect(resource.Properties.EnablePerformanceInsights).toBe(false);
    expect(resource.Properties).not.toHaveProperty('PerformanceInsightsKMSKeyId');
  });

  it('applies the configured class, storage, backups and log retention', () => {
    // act
    const template = synthStack({
      context: {
        dbInstanceClass: 'r7g.large',
        dbAllocatedStorageGiB: 50,
        dbMaxAllocatedStorageGiB: 500,
        dbBackupRetentionDays: 14,
        logRetentionDays: 90,
      },
    });
    // assert
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.r7g.large',
      AllocatedStorage: '50',
      MaxAllocatedStorage: 500,
      BackupRetentionPeriod: 14,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('/postgresql$'),
      RetentionInDays: 90,
    });
  });
});
