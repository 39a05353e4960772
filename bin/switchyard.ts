import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigurationError, loadConfig, type SwitchyardConfig } from '../lib/config';
import { SwitchyardStack } from '../lib/switchyard-stack';

const app = new App();

let config: SwitchyardConfig;
try {
  config = loadConfig({ context: (key) => app.node.tryGetContext(key), env: process.env });
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(error.message);
  process.exit(1);
}

new SwitchyardStack(app, `Switchyard-${config.stage}`, { config });
// writeSuppressionsToCloudFormation keeps every acknowledgement and its reason in the template's Metadata.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
