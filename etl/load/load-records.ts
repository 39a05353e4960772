import { createHash } from 'node:crypto';
import { upsertChangeModels } from '../../lambdas/shared/db/change-models';
import { upsertChangeRequests } from '../../lambdas/shared/db/change-requests';
import { upsertCiRelationships } from '../../lambdas/shared/db/ci-relationships';
import { upsertConfigurationItems } from '../../lambdas/shared/db/configuration-items';
import { type EmbeddedTable, findEmbeddedTextHashes } from '../../lambdas/shared/db/embeddings';
import { upsertIncidents } from '../../lambdas/shared/db/incidents';
import type { Queryable } from '../../lambdas/shared/db/pool';
import type { UpsertItem, UpsertResult } from '../../lambdas/shared/db/record-table';
import { upsertValidationRules } from '../../lambdas/shared/db/validation-rules';
import type { Embedder } from '../../lambdas/shared/embeddings/embedder';
import type {
  ChangeModel,
  ChangeRequest,
  CiRelationship,
  ConfigurationItem,
  Incident,
  ValidationRule,
} from '../../lambdas/shared/records';
import {
  changeModelEmbeddingText,
  changeRequestEmbeddingText,
  configurationItemEmbeddingText,
  incidentEmbeddingText,
  validationRuleEmbeddingText,
} from '../transform/embedding-text';

/** How one kind of record is embedded and stored. */
export interface EmbeddedKind<T> {
  readonly table: EmbeddedTable;
  readonly keyOf: (record: T) => string;
  readonly textOf: (record: T) => string;
  readonly upsert: (db: Queryable, items: readonly UpsertItem<T>[]) => Promise<UpsertResult>;
}

export const INCIDENT_KIND: EmbeddedKind<Incident> = {
  table: 'incidents',
  keyOf: (record) => record.sysId,
  textOf: incidentEmbeddingText,
  upsert: upsertIncidents,
};
export const CHANGE_REQUEST_KIND: EmbeddedKind<ChangeRequest> = {
  table: 'change_requests',
  keyOf: (record) => record.sysId,
  textOf: changeRequestEmbeddingText,
  upsert: upsertChangeRequests,
};
export const CHANGE_MODEL_KIND: EmbeddedKind<ChangeModel> = {
  table: 'change_models',
  keyOf: (record) => record.sysId,
  textOf: changeModelEmbeddingText,
  upsert: upsertChangeModels,
};
export const CONFIGURATION_ITEM_KIND: EmbeddedKind<ConfigurationItem> = {
  table: 'configuration_items',
  keyOf: (record) => record.sysId,
  textOf: configurationItemEmbeddingText,
  upsert: upsertConfigurationItems,
};
export const VALIDATION_RULE_KIND: EmbeddedKind<ValidationRule> = {
  table: 'validation_rules',
  keyOf: (record) => record.id,
  textOf: validationRuleEmbeddingText,
  upsert: upsertValidationRules,
};

/** What one load did, per table. */
export interface LoadSummary {
  readonly table: string;
  readonly received: number;
  /** Records whose text was new or changed, so they were embedded. */
  readonly embedded: number;
  readonly written: number;
  /** Records not written because the stored version is the same or newer. */
  readonly skipped: number;
}

export interface LoadOptions {
  /**
   * Records per round: one hash lookup, one embedding call and one upsert.
   * @default 128
   */
  readonly batchSize?: number;
}

/**
 * Embeds the records whose text changed since they were last embedded and upserts
 * them all. A record whose text is unchanged keeps its stored embedding, so
 * re-running a load costs no embedding calls.
 */
export async function embedAndLoad<T>(
  db: Queryable,
  embedder: Embedder,
  kind: EmbeddedKind<T>,
  records: readonly T[],
  options: LoadOptions = {},
): Promise<LoadSummary> {
  const batchSize = options.batchSize ?? 128;
  let embedded = 0;
  let written = 0;
  let skipped = 0;
  for (let start = 0; start < records.length; start += batchSize) {
    const batch = records.slice(start, start + batchSize).map((record) => {
      const text = kind.textOf(record);
      return { record, text, textHash: hashText(text, embedder) };
    });
    const stored = await findEmbeddedTextHashes(
      db,
      kind.table,
      batch.map((item) => kind.keyOf(item.record)),
    );
    // An empty text has no meaning to embed (its vector would be zero); the row keeps no embedding.
    const stale = batch.filter((item) => item.text.length > 0 && stored.get(kind.keyOf(item.record)) !== item.textHash);
    const vectors = stale.length > 0 ? await embedder.embed(stale.map((item) => item.text)) : [];
    const vectorByItem = new Map(stale.map((item, index) => [item, vectors[index]]));

    const items: UpsertItem<T>[] = batch.map((item) => {
      const vector = vectorByItem.get(item);
      return vector === undefined
        ? { record: item.record }
        : { record: item.record, embedding: { vector, textHash: item.textHash } };
    });
    const result = await kind.upsert(db, items);
    embedded += stale.length;
    written += result.written;
    skipped += result.skipped;
  }
  return { table: kind.table, received: records.length, embedded, written, skipped };
}

/** Stores CMDB relationships, which are not embedded. */
export async function loadCiRelationships(
  db: Queryable,
  relationships: readonly CiRelationship[],
): Promise<LoadSummary> {
  const result = await upsertCiRelationships(
    db,
    relationships.map((record) => ({ record })),
  );
  return { table: 'ci_relationships', received: relationships.length, embedded: 0, ...result };
}

// The hash covers the embedding model too, so switching models re-embeds everything.
function hashText(text: string, embedder: Embedder): string {
  return createHash('sha256').update(`${embedder.modelId}:${embedder.dimension}\n${text}`).digest('hex');
}
