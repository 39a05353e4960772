export {
  AGENT_RUN_STATUSES,
  type AgentRun,
  type AgentRunInput,
  type AgentRunStatus,
  hashAgentInput,
  listAgentRuns,
  recordAgentRun,
} from './agent-runs';
export { CHANGE_MODELS_TABLE, getChangeModel, upsertChangeModels } from './change-models';
export {
  CHANGE_REQUESTS_TABLE,
  changeStateName,
  changeStateValue,
  getChangeRequest,
  upsertChangeRequests,
} from './change-requests';
export {
  beginChangeValidation,
  type ChangeValidation,
  type ChangeValidationOutcome,
  finishChangeValidation,
  getChangeValidation,
  listValidationFindings,
  markChangeValidationRunning,
  saveValidationFindings,
  VALIDATION_VERDICTS,
  type ValidationFinding,
  type ValidationVerdict,
} from './change-validations';
export {
  CI_RELATIONSHIPS_TABLE,
  getCiRelationship,
  listCiRelationships,
  upsertCiRelationships,
} from './ci-relationships';
export {
  CONFIGURATION_ITEMS_TABLE,
  getConfigurationItem,
  upsertConfigurationItems,
} from './configuration-items';
export { COUNTED_TABLES, type CountedTable, countRecords } from './counts';
export {
  EMBEDDED_TABLES,
  type EmbeddedTable,
  embeddedTableKey,
  findEmbeddedTextHashes,
  getEmbedding,
} from './embeddings';
export {
  beginIncidentEnrichment,
  finishIncidentEnrichment,
  getIncidentEnrichment,
  type IncidentEnrichment,
  type IncidentEnrichmentOutcome,
} from './incident-enrichments';
export { getIncident, INCIDENTS_TABLE, upsertIncidents } from './incidents';
export { JOB_STATUSES, type JobStatus, TERMINAL_JOB_STATUSES, type TerminalJobStatus } from './job-status';
export {
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
  applyMigrations,
  EMBEDDING_DIMENSION_PLACEHOLDER,
  MAX_INDEXED_DIMENSION,
  MigrationError,
} from './migrate';
export {
  createIamTokenProvider,
  createPool,
  IAM_TOKEN_REUSE_MS,
  type Queryable,
  registerVectorType,
  toVectorParam,
  withTransaction,
} from './pool';
export type { Embedding, RecordTable, UpsertItem, UpsertOptions, UpsertResult } from './record-table';
export {
  findSimilar,
  type SimilarFilters,
  type SimilarQuery,
  type SimilarRecord,
  type SimilarTable,
} from './similar';
export {
  getValidationRule,
  listActiveValidationRules,
  upsertValidationRules,
  VALIDATION_RULES_TABLE,
} from './validation-rules';
export { advanceWatermark, type EtlWatermark, getWatermark, resetWatermark } from './watermarks';
