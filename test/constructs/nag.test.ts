import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStack, resourceNamed } from './synth';

/** The rule ids and construct paths of the report's violations of one severity. */
function findings(report: PolicyValidationPluginReport, severity: 'error' | 'warning'): string[] {
  return report.violations
    .filter((violation) => violation.severity === severity)
    .flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    );
}

describe('cdk-nag AwsSolutions checks', () => {
  it.each([
    { name: 'the default configuration', context: {} },
    { name: 'no NAT gateways', context: { natGateways: 0 } },
    { name: 'a production-like configuration', context: { stage: 'prod', dbMultiAz: true, natGateways: 2 } },
    { name: 'a disposable stage', context: { dbDeletionProtection: false, maxAzs: 3 } },
  ])('report no unacknowledged error for $name', ({ context }) => {
    // arrange
    const { stack } = buildStack({ context });
    // act
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    // assert
    expect(findings(report, 'error')).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('reports the findings it is meant to (the check is live, not silenced)', () => {
    // arrange: an unencrypted, unlogged bucket added to the real stack
    const { stack } = buildStack();
    new s3.Bucket(stack, 'Unchecked');
    // act
    const report = new AwsSolutionsChecks().validateScope(stack);
    // assert
    expect(findings(report, 'error')).toEqual(
      expect.arrayContaining(['AwsSolutions-S1 at Switchyard-dev/Unchecked/Resource']),
    );
  });

  it('acknowledges Multi-AZ only when the configuration turns it off', () => {
    // act
    const acknowledgedFor = (dbMultiAz: boolean) => {
      const { stack } = buildStack({ context: { dbMultiAz } });
      return JSON.stringify(stack.database.instance.node.metadata).includes('AwsSolutions-RDS3');
    };
    // assert
    expect(acknowledgedFor(false)).toBe(true);
    expect(acknowledgedFor(true)).toBe(false);
  });
});

describe('cdk-nag as a synthesis validation plugin', () => {
  let outdir: string;
  let stackTemplate: Template;
  let report: { pluginReports: { pluginName: string; violations: { severity: string; ruleName: string }[] }[] };
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'switchyard-nag-'));
    const { app, stack } = buildStack({ outdir });
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
    );
    app.synth();
    report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    stackTemplate = Template.fromJSON(
      JSON.parse(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8')),
    );
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes a validation report without errors', () => {
    const errors = report.pluginReports.flatMap((plugin) =>
      plugin.violations.filter((violation) => violation.severity === 'error').map((violation) => violation.ruleName),
    );
    expect(errors).toEqual([]);
  });

  it('records each acknowledgement with its reason on the one resource it concerns', () => {
    // act
    const accessLogs = resourceNamed(stackTemplate, 'AWS::S3::Bucket', 'BucketsAccessLogs').resource;
    const raw = resourceNamed(stackTemplate, 'AWS::S3::Bucket', 'BucketsRaw').resource;
    // assert
    expect(accessLogs.Metadata?.cdk_nag).toEqual({
      rules_to_suppress: [{ id: 'AwsSolutions-S1', reason: expect.stringMatching(/server access log destination/) }],
    });
    expect(raw.Metadata?.cdk_nag).toBeUndefined();
  });
});
