import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queryable } from '../lambdas/shared/db/pool';
import type { Embedder } from '../lambdas/shared/embeddings/embedder';
import { staticCredentials } from '../lambdas/shared/servicenow';
import type { DemoDatasetOptions } from '../local/demo-data/dataset';
import { demoServiceNowTables, type RunningEmulator, startEmulator } from '../local/servicenow-emulator';
import type { LoadSummary } from './load/load-records';
import { type EtlRunSummary, runEtl } from './pipeline/run-etl';
import { connectServiceNow } from './servicenow-connection';
import { directoryObjectStore } from './store/object-store';

/** How the local runtime fills its database. */
export interface LocalEtlOptions {
  readonly db: Queryable;
  readonly embedder: Embedder;
  /** Size and seed of the demo dataset the emulator serves. */
  readonly demoData?: DemoDatasetOptions;
  /**
   * The emulator's loopback port; when taken, any free port. 0 picks a free one.
   * @default 0
   */
  readonly serviceNowPort?: number;
  /**
   * Folder holding `raw/` and `curated/`.
   * @default a temporary folder, removed on stop
   */
  readonly storeDir?: string;
  /** `incremental` from the watermarks (a first start loads everything), `full`, or `none`. */
  readonly mode: 'incremental' | 'full' | 'none';
}

/** The emulator and what the ETL did at start. */
export interface LocalEtl {
  readonly emulator: RunningEmulator;
  /** Undefined when `mode` was `none`. */
  readonly summary: EtlRunSummary | undefined;
  /** Per-table load figures of the run; empty when nothing was read. */
  readonly loaded: readonly LoadSummary[];
  readonly storeDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the ServiceNow emulator seeded with the demo dataset and loads the database
 * from it through the real ETL (extract → raw → transform → embed → load), as the
 * scheduled run does in AWS.
 */
export async function startLocalEtl(options: LocalEtlOptions): Promise<LocalEtl> {
  const tables = demoServiceNowTables(options.demoData);
  const port = options.serviceNowPort ?? 0;
  const emulator = await startEmulator({ tables, port }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' && port !== 0) return startEmulator({ tables, port: 0 });
    throw error;
  });
  const temporary = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'switchyard-etl-')));
  const stop = async () => {
    await emulator.close();
    if (temporary) await rm(storeDir, { recursive: true, force: true });
  };
  try {
    const summary =
      options.mode === 'none'
        ? undefined
        : await runEtl(
            {
              client: connectServiceNow(
                emulator.url,
                staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
              ),
              raw: directoryObjectStore(join(storeDir, 'raw')),
              curated: directoryObjectStore(join(storeDir, 'curated')),
              db: options.db,
              embedder: options.embedder,
            },
            { mode: options.mode },
          );
    if (summary !== undefined && summary.status !== 'succeeded') {
      throw new Error(`The ETL from the ServiceNow emulator failed:\n  ${summary.errors.join('\n  ')}`);
    }
    const loaded =
      summary === undefined || summary.totals.read === 0
        ? []
        : Object.entries(summary.tables).map(([table, c]) => ({
            table,
            received: c.loaded,
            embedded: c.embedded,
            written: c.changed,
            skipped: c.loaded - c.changed,
          }));
    return { emulator, summary, loaded, storeDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
