import { z } from 'zod';

/**
 * What the schema custom resource does for each CloudFormation request: Create and
 * Update apply the migrations (retrying while the database is not yet reachable);
 * Delete leaves the schema in place, since the data outlives the resource.
 */

/** The physical id of the schema resource; stable, so an update never replaces it. */
export const SCHEMA_RESOURCE_ID = 'switchyard-schema';

/** The custom resource request the Provider framework passes on (the fields we use). */
export const SchemaEventSchema = z.object({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  PhysicalResourceId: z.string().min(1).optional(),
  ResourceProperties: z.looseObject({
    MigrationsSha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex'),
    EmbeddingDimension: z.coerce.number().int().min(1),
  }),
});
export type SchemaEvent = z.infer<typeof SchemaEventSchema>;

/** The reply to the Provider framework: `Data` becomes the resource's attributes. */
export interface SchemaEventResult {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly applied: number; readonly alreadyApplied: number };
}

/** The outcome of one migration run. */
export interface MigrationRun {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

/** What {@link handleSchemaEvent} needs from the outside. */
export interface SchemaEventDependencies {
  /** Applies the migrations once. */
  readonly migrate: () => Promise<MigrationRun>;
  /** Whether a failed run may succeed if tried again (e.g. the proxy target is still registering). */
  readonly isRetryable: (error: unknown) => boolean;
  /** Reports a failed attempt that will be retried. */
  readonly onRetry?: (error: unknown, attempt: number) => void;
  /** Waits between attempts. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Attempts in all. @default 12 */
  readonly attempts?: number;
  /** Wait between attempts. @default 15000 */
  readonly retryDelayMs?: number;
}

/** Runs the request and returns the reply; throws (failing the deployment) when migrating fails. */
export async function handleSchemaEvent(event: SchemaEvent, deps: SchemaEventDependencies): Promise<SchemaEventResult> {
  if (event.RequestType === 'Delete') {
    return {
      PhysicalResourceId: event.PhysicalResourceId ?? SCHEMA_RESOURCE_ID,
      Data: { applied: 0, alreadyApplied: 0 },
    };
  }
  const run = await withRetry(deps);
  return {
    PhysicalResourceId: SCHEMA_RESOURCE_ID,
    Data: { applied: run.applied.length, alreadyApplied: run.alreadyApplied.length },
  };
}

async function withRetry(deps: SchemaEventDependencies): Promise<MigrationRun> {
  const attempts = deps.attempts ?? 12;
  const delayMs = deps.retryDelayMs ?? 15_000;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.migrate();
    } catch (error) {
      if (attempt >= attempts || !deps.isRetryable(error)) throw error;
      deps.onRetry?.(error, attempt);
      await sleep(delayMs);
    }
  }
}
