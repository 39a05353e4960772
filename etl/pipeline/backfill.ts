import { type PartitionRef, partitionListKey, TableManifestSchema, tableManifestKey } from '../extract/raw-layout';
import type { ObjectStore } from '../store/object-store';
import type { EtlDependencies, EtlRunSummary, RunEtlOptions } from './run-etl';
import { closeRun, extractTables, loadPartitions, openRun } from './run-steps';

/** What sealing a backfill run found. */
export interface SealedRun {
  readonly runId: string;
  /** Key of the JSON array of partitions the Distributed Map reads (ItemReader, s3:getObject). */
  readonly manifestKey: string;
  readonly partitions: number;
  readonly rows: number;
}

/**
 * Seals a backfill's extract: reads each table's manifest of the run and writes one
 * JSON array of every partition (`{key, table, rows}`) in load order, the item list
 * the backfill state machine fans out over (and the CLI walks locally).
 */
export async function sealRun(raw: ObjectStore, runId: string, tables: readonly string[]): Promise<SealedRun> {
  const items: Pick<PartitionRef, 'key' | 'table' | 'rows'>[] = [];
  for (const table of tables) {
    const text = await raw.get(tableManifestKey(runId, table));
    if (text === undefined) continue;
    const manifest = TableManifestSchema.parse(JSON.parse(text));
    if (manifest.completedAt === null) {
      throw new Error(`The extract of ${table} in run ${runId} has not completed; seal it after the extract finishes.`);
    }
    items.push(...manifest.partitions.map(({ key, rows }) => ({ key, table, rows })));
  }
  const manifestKey = partitionListKey(runId);
  await raw.put(manifestKey, JSON.stringify(items));
  return { runId, manifestKey, partitions: items.length, rows: items.reduce((sum, item) => sum + item.rows, 0) };
}

/**
 * The backfill as the state machine runs it, on one machine: a full extract of each
 * table, the partition list sealed, then the same per-partition step the Distributed
 * Map's items run, over the same partitions. A failing partition is counted and
 * reported (the Map's tolerated failures) and stays pending for the next run.
 */
export async function runBackfill(deps: EtlDependencies, options: RunEtlOptions = {}): Promise<EtlRunSummary> {
  const run = await openRun(deps, options, 'full', 'backfill');
  await extractTables(deps, options, run);
  const extracted = run.tables.filter((table) => run.counts[table]?.failed === 0);
  const sealed = await sealRun(deps.raw, run.runId, extracted);
  const items = JSON.parse((await deps.raw.get(sealed.manifestKey)) ?? '[]') as { key: string; table: string }[];
  await loadPartitions(deps, options, run, items);
  return closeRun(deps, run, sealed.partitions);
}
