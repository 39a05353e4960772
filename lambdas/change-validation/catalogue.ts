import { type EmbeddedChangeModel, listEmbeddedChangeModels } from '../shared/db/change-models';
import type { Queryable } from '../shared/db/pool';
import { type EmbeddedValidationRule, listEmbeddedValidationRules } from '../shared/db/validation-rules';
import type { Embedder } from '../shared/embeddings/embedder';

/** The versions of the two catalogues as the database reports them (see the `*_VERSION_SQL` expressions). */
export interface CatalogueVersions {
  readonly rules: string;
  readonly models: string;
}

/** The rules and change model catalogues with their embeddings, as of `versions`. */
export interface Catalogues {
  readonly versions: CatalogueVersions;
  readonly rules: readonly EmbeddedValidationRule[];
  readonly models: readonly EmbeddedChangeModel[];
  /** A model by sys_id (active models only). */
  readonly modelById: ReadonlyMap<string, EmbeddedChangeModel>;
}

/** The catalogues kept per process (a Lambda execution environment, the local runtime). */
export interface CatalogueCache {
  /**
   * The catalogues for these versions: the cached copy while both versions are
   * unchanged, else each stale one is read again (one statement each). Concurrent
   * callers share one read.
   */
  get(db: Queryable, versions: CatalogueVersions): Promise<Catalogues>;
  /** The embedding of a text, computed once per process for the most recent texts. */
  embed(embedder: Embedder, text: string): Promise<number[]>;
}

/** How many recent texts keep their embedding (a validation embeds its change's text in two agents). */
export const EMBEDDING_MEMO_SIZE = 64;

/**
 * A per-process cache of the immutable reference data the agents read on every
 * validation — the rules catalogue, the change model catalogue and their embeddings —
 * invalidated when the database reports another version of either.
 */
export function createCatalogueCache(): CatalogueCache {
  let rules: { version: string; value: Promise<readonly EmbeddedValidationRule[]> } | undefined;
  let models: { version: string; value: Promise<readonly EmbeddedChangeModel[]> } | undefined;
  const memo = new Map<string, Promise<number[]>>();

  return {
    async get(db, versions) {
      if (rules?.version !== versions.rules)
        rules = { version: versions.rules, value: listEmbeddedValidationRules(db) };
      if (models?.version !== versions.models)
        models = { version: versions.models, value: listEmbeddedChangeModels(db) };
      const [readingRules, readingModels] = [rules, models];
      try {
        const [ruleList, modelList] = await Promise.all([readingRules.value, readingModels.value]);
        return {
          versions,
          rules: ruleList,
          models: modelList,
          modelById: new Map(modelList.map((m) => [m.model.sysId, m])),
        };
      } catch (error) {
        // A failed read is not kept: the next call reads again.
        if (rules === readingRules) rules = undefined;
        if (models === readingModels) models = undefined;
        throw error;
      }
    },
    embed(embedder, text) {
      const known = memo.get(text);
      if (known !== undefined) {
        // Most recent last, so the oldest is evicted first.
        memo.delete(text);
        memo.set(text, known);
        return known;
      }
      const vector = embedder.embed([text]).then((vectors) => vectors[0] ?? []);
      memo.set(text, vector);
      vector.catch(() => memo.delete(text));
      if (memo.size > EMBEDDING_MEMO_SIZE) memo.delete(memo.keys().next().value as string);
      return vector;
    },
  };
}

/** Cosine similarity of two vectors (0 when either has no direction). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
