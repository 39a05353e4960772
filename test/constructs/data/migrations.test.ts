import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashMigrations } from '../../../lib/data/migrations';
import { buildStack, resourceNamed, synthStack } from '../synth';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../lambdas/shared/db/migrations/', import.meta.url));

describe('DatabaseMigrations', () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack({ context: { embeddingDimension: 1024 } });
  });

  it('declares the schema custom resource with the migrations hash and the embedding dimension', () => {
    template.hasResourceProperties('Custom::SwitchyardSchema', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('MigrationsProviderframeworkonEvent'), 'Arn'] },
      MigrationsSha256: hashMigrations(MIGRATIONS_DIR),
      EmbeddingDimension: '1024',
    });
  });

  it('runs the custom resource after the instance and the proxy exist', () => {
    // act
    const { resource } = resourceNamed(template, 'Custom::SwitchyardSchema', 'MigrationsSchema');
    // assert
    expect(resource.DependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DatabaseInstance[0-9A-F]{8}$/),
        expect.stringMatching(/^DatabaseProxy[0-9A-F]{8}$/),
        expect.stringMatching(/^DatabaseProxyProxyTargetGroup/),
      ]),
    );
  });

  it('runs the migration function on Node.js 24, arm64, traced, in the function subnets with the function security group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('schema migrations'),
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      VpcConfig: {
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('FunctionsSubnet1') },
          { Ref: Match.stringLikeRegexp('FunctionsSubnet2') },
        ],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('NetworkFunctionSecurityGroup'), 'GroupId'] }],
      },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('MigrationsFunctionLogs') } },
    });
  });

  it('gives the function the environment the runtime configuration reads', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('schema migrations'),
      Environment: {
        Variables: Match.objectLike({
          SWITCHYARD_RUNTIME: 'aws',
          SWITCHYARD_STAGE: 'dev',
          DB_HOST: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseProxy'), 'Endpoint'] },
          DB_PORT: '5432',
          DB_NAME: 'switchyard',
          DB_USER: 'switchyard_admin',
          DB_AUTH: 'iam',
          DB_SSL: 'true',
          EMBEDDING_DIMENSION: '1024',
          POWERTOOLS_SERVICE_NAME: 'switchyard-migrate',
        }),
      },
    });
  });

  it('lets the migration function connect through the proxy as the master user', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('MigrationsFunctionServiceRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'rds-db:connect',
            Effect: 'Allow',
            Resource: {
              'Fn::Join': [
                '',
                Match.arrayWith([
                  ':dbuser:',
                  {
                    'Fn::Select': [
                      6,
                      {
                        'Fn::Split': [':', { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseProxy'), 'DBProxyArn'] }],
                      },
                    ],
                  },
                  '/switchyard_admin',
                ]),
              ],
            },
          }),
        ]),
      },
    });
  });

  it('keeps the function and provider logs for the configured retention', () => {
    for (const prefix of ['MigrationsFunctionLogs', 'MigrationsProviderLogs']) {
      const { resource } = resourceNamed(template, 'AWS::Logs::LogGroup', prefix);
      expect(resource.Properties.RetentionInDays).toBe(30);
    }
  });
});

describe('hashMigrations', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-migrations-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('changes when a migration changes and ignores files that are not SQL', () => {
    // arrange
    writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE a ();');
    const before = hashMigrations(dir);
    // act
    writeFileSync(join(dir, 'README.md'), 'notes');
    const withNotes = hashMigrations(dir);
    writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE a (id int);');
    const after = hashMigrations(dir);
    // assert
    expect(withNotes).toBe(before);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the bundled migration function', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'switchyard-cdk-out-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('is an ESM bundle with the SQL migrations copied next to it', () => {
    // arrange
    const { app, stack } = buildStack({ bundle: true, outdir });
    // act
    app.synth();
    const { resource } = resourceNamed(Template.fromStack(stack), 'AWS::Lambda::Function', 'MigrationsFunction');
    const assetHash = String((resource.Properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
    const assetDir = join(outdir, `asset.${assetHash}`);
    // assert
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
    expect(readdirSync(join(assetDir, 'migrations')).sort()).toEqual(
      readdirSync(MIGRATIONS_DIR)
        .filter((name) => name.endsWith('.sql'))
        .sort(),
    );
  });
});
