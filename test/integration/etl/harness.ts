import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EtlDependencies } from '../../../etl/pipeline/run-etl';
import { connectServiceNow } from '../../../etl/servicenow-connection';
import { directoryObjectStore } from '../../../etl/store/object-store';
import type { Embedder } from '../../../lambdas/shared/embeddings/embedder';
import { createEmbedder } from '../../../lambdas/shared/embeddings/embedder';
import { staticCredentials } from '../../../lambdas/shared/servicenow';
import { type RunningEmulator, type StoredRow, startEmulator } from '../../../local/servicenow-emulator';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';

export const DIMENSION = 64;

/** An embedder that records every text it is asked to embed (wrapping the offline one). */
export interface RecordingEmbedder extends Embedder {
  readonly texts: string[];
}

export function recordingEmbedder(): RecordingEmbedder {
  const inner = createEmbedder({ provider: 'offline', modelId: 'hashing', dimension: DIMENSION });
  const texts: string[] = [];
  return {
    modelId: inner.modelId,
    dimension: inner.dimension,
    texts,
    embed: (batch) => {
      texts.push(...batch);
      return inner.embed(batch);
    },
  };
}

/** The whole ETL on loopback: the emulator, PGlite, directory buckets in a temp folder. */
export interface EtlHarness {
  readonly emulator: RunningEmulator;
  readonly db: TestDatabase;
  readonly deps: EtlDependencies & { embedder: RecordingEmbedder };
  readonly dir: string;
  stop(): Promise<void>;
}

export async function startEtlHarness(tables: Record<string, StoredRow[]>): Promise<EtlHarness> {
  const [emulator, db, dir] = await Promise.all([
    startEmulator({ tables }),
    startTestDatabase({ embeddingDimension: DIMENSION }),
    mkdtemp(join(tmpdir(), 'switchyard-etl-')),
  ]);
  const client = connectServiceNow(
    emulator.url,
    staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
    { sleep: async () => {} },
  );
  return {
    emulator,
    db,
    dir,
    deps: {
      client,
      raw: directoryObjectStore(join(dir, 'raw')),
      curated: directoryObjectStore(join(dir, 'curated')),
      db: db.pool,
      embedder: recordingEmbedder(),
    },
    stop: async () => {
      await emulator.close();
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
