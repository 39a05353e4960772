import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions, LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';

/** Keys to put on log lines, as `logger.appendKeys` takes them. */
export type LogKeys = Parameters<Logger['appendKeys']>[0];

// The keys of the invocation (or request) whose code is running: one object per scope,
// carried by AsyncLocalStorage across its awaits, so overlapping invocations never share it.
const invocationKeys = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * A Powertools Logger whose `appendKeys`, `removeKeys` and `resetKeys` act on the
 * current log scope (see `withLogKeys`) when there is one. Outside any scope they are
 * Powertools' own temporary keys: per invocation in Lambda, cleared by
 * `injectLambdaContext({ resetKeys: true })`. Children it creates are scoped the same way.
 */
class ScopedLogger extends Logger {
  /** Adds keys to the current scope's lines, or (outside a scope) Powertools' temporary keys. */
  public override appendKeys(attributes: LogKeys): void {
    const scope = invocationKeys.getStore();
    if (scope === undefined) super.appendKeys(attributes);
    else Object.assign(scope, attributes);
  }

  /** Removes keys from the current scope, or (outside a scope) from Powertools' temporary keys. */
  public override removeKeys(keys: string[]): void {
    const scope = invocationKeys.getStore();
    if (scope === undefined) super.removeKeys(keys);
    else for (const key of keys) delete scope[key];
  }

  /** Clears the current scope's keys, or (outside a scope) Powertools' temporary keys. */
  public override resetKeys(): void {
    const scope = invocationKeys.getStore();
    if (scope === undefined) super.resetKeys();
    else for (const key of Object.keys(scope)) delete scope[key];
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new ScopedLogger(options);
  }

  // The scope's keys go in before the line's own attributes, which win on a clash.
  protected override createAndPopulateLogItem(
    logLevel: number,
    input: LogItemMessage,
    extraInput: LogItemExtraInput,
  ): ReturnType<Logger['createAndPopulateLogItem']> {
    const scope = invocationKeys.getStore();
    return super.createAndPopulateLogItem(
      logLevel,
      input,
      // Powertools reads each extra item by its kind (attributes, Error, string), in order.
      scope === undefined || isEmpty(scope) ? extraInput : ([{ ...scope }, ...extraInput] as LogItemExtraInput),
    );
  }
}

function isEmpty(object: Record<string, unknown>): boolean {
  for (const _key in object) return false;
  return true;
}

/**
 * The logger every function and the local runtime share. Powertools reads its own
 * settings (POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL) from the environment.
 */
export const logger: Logger = new ScopedLogger({ serviceName: 'switchyard' });

/**
 * Runs `fn` in a log scope of its own: every line the shared logger (or a child of it)
 * writes while `fn` runs, including after its awaits, carries `keys`, the enclosing
 * scope's keys, and whatever `logger.appendKeys` adds inside it. Locally many requests,
 * validations and enrichments run at once in one process; each runs in its own scope so
 * a line never carries another's ids. In Lambda (one event at a time) it is the same,
 * and the scope ends with the invocation, so nothing is left for the next one.
 */
export function withLogKeys<T>(keys: LogKeys, fn: () => T): T {
  return invocationKeys.run({ ...invocationKeys.getStore(), ...keys }, fn);
}
