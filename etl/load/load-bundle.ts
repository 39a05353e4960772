import type { Queryable } from '../../lambdas/shared/db/pool';
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
  CHANGE_MODEL_KIND,
  CHANGE_REQUEST_KIND,
  CONFIGURATION_ITEM_KIND,
  embedAndLoad,
  INCIDENT_KIND,
  type LoadOptions,
  type LoadSummary,
  loadCiRelationships,
  VALIDATION_RULE_KIND,
} from './load-records';

/** Normalised records of every kind Switchyard stores, as a transform or the demo generator yields them. */
export interface RecordBundle {
  readonly configurationItems?: readonly ConfigurationItem[];
  readonly ciRelationships?: readonly CiRelationship[];
  readonly changeModels?: readonly ChangeModel[];
  readonly validationRules?: readonly ValidationRule[];
  readonly changeRequests?: readonly ChangeRequest[];
  readonly incidents?: readonly Incident[];
}

/**
 * Embeds and loads a bundle, reference data first (CMDB, models, rules) so that the
 * records pointing at it arrive after it. Returns one summary per table.
 */
export async function loadBundle(
  db: Queryable,
  embedder: Embedder,
  bundle: RecordBundle,
  options: LoadOptions = {},
): Promise<LoadSummary[]> {
  return [
    await embedAndLoad(db, embedder, CONFIGURATION_ITEM_KIND, bundle.configurationItems ?? [], options),
    await loadCiRelationships(db, bundle.ciRelationships ?? []),
    await embedAndLoad(db, embedder, CHANGE_MODEL_KIND, bundle.changeModels ?? [], options),
    await embedAndLoad(db, embedder, VALIDATION_RULE_KIND, bundle.validationRules ?? [], options),
    await embedAndLoad(db, embedder, CHANGE_REQUEST_KIND, bundle.changeRequests ?? [], options),
    await embedAndLoad(db, embedder, INCIDENT_KIND, bundle.incidents ?? [], options),
  ];
}
