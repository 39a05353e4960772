import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../lib/config';
import { SwitchyardStack } from '../../lib/switchyard-stack';

/** The feature flags `cdk synth` applies from cdk.json, so tests synthesize the same template. */
const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }
).context;

/** Options for {@link synthStack}. */
export interface SynthOptions {
  /** Configuration keys, as `-c key=value` would give them. */
  readonly context?: Record<string, unknown>;
  /** Run esbuild for the functions (slow); otherwise assets are placeholders. @default false */
  readonly bundle?: boolean;
  /** Where to write the cloud assembly. @default a temporary directory */
  readonly outdir?: string;
}

/** Builds an App with cdk.json's flags (and no bundling unless asked). */
export function createApp(options: SynthOptions = {}): App {
  return new App({
    context: {
      ...CDK_JSON_CONTEXT,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
    ...(options.outdir !== undefined ? { outdir: options.outdir } : {}),
  });
}

/** Builds the Switchyard stack from configuration keys, as bin/switchyard.ts does. */
export function buildStack(options: SynthOptions = {}): { app: App; stack: SwitchyardStack } {
  const app = createApp(options);
  const config = loadConfig({ context: (key) => app.node.tryGetContext(key), env: {} });
  const stack = new SwitchyardStack(app, `Switchyard-${config.stage}`, { config });
  return { app, stack };
}

/** Synthesizes the Switchyard stack and returns its template. */
export function synthStack(options: SynthOptions = {}): Template {
  return Template.fromStack(buildStack(options).stack);
}

/** A bare stack (with cdk.json's flags) to put a single construct in. */
export function emptyStack(): Stack {
  return new Stack(createApp(), 'Test');
}

/** A resource as it appears in the template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DependsOn?: string[];
  readonly DeletionPolicy?: string;
  readonly Metadata?: Record<string, unknown>;
}

/** The single resource of `type` whose logical id starts with `prefix`; fails otherwise. */
export function resourceNamed(
  template: Template,
  type: string,
  prefix: string,
): { id: string; resource: TemplateResource } {
  const matches = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) {
    throw new Error(`Expected one ${type} named ${prefix}*; found ${matches.map(([id]) => id).join(', ') || 'none'}.`);
  }
  const [id, resource] = matches[0] as [string, TemplateResource];
  return { id, resource };
}
