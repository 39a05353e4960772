export {
  createMemoryLedger,
  createPostgresLedger,
  estimateCostUsd,
  type InferenceCallRecord,
  type InferenceLedger,
  utcDay,
} from './accounting';
export { createConfiguredInference, type InferenceDependencies } from './factory';
export {
  type CallContext,
  createOperationRunner,
  DEFAULT_RETRY_POLICY,
  type InferenceFailure,
  type InferenceFailureReason,
  type InferenceOptions,
  type InferenceResult,
  type InferenceSuccess,
  type OperationRunner,
  type RetryPolicy,
} from './gateway';
export { createInference, type Inference, type OperationInput } from './inference';
export { detectInjection, fenceTicketText, type InjectionVerdict } from './injection-detector';
export { createPowertoolsInferenceMetrics, type InferenceMetrics, METRICS_NAMESPACE } from './metrics';
export { classifyOffline, DEFAULT_NEIGHBOURS, type EmbeddedExample, voteNearest } from './offline-classify';
export { extractOffline } from './offline-extract';
export { judgeOffline } from './offline-judge';
export { contentTerms, RANK_WEIGHTS, rankOffline } from './offline-rank';
export { summariseOffline } from './offline-summarise';
export {
  type ClassifyExample,
  type ClassifyOutput,
  ClassifyOutputSchema,
  type ClassifyRequest,
} from './operations/classify';
export {
  type ExtractOutput,
  ExtractOutputSchema,
  type ExtractRequest,
  type SlotDefinition,
  type SlotFill,
  SlotFillSchema,
  type SlotValue,
} from './operations/extract';
export { type JudgeOutput, JudgeOutputSchema, type JudgeRequest } from './operations/judge';
export {
  checkOutput,
  type OperationKind,
  type OperationOutputs,
  type OperationRequest,
  OUTPUT_SCHEMAS,
} from './operations/operation';
export { type RankCandidate, type RankOutput, RankOutputSchema, type RankRequest } from './operations/rank';
export {
  type OperationFailure,
  type OperationResult,
  type OperationSuccess,
  runOperation,
} from './operations/run-operation';
export {
  SUMMARY_DEFAULTS,
  type SummariseOutput,
  SummariseOutputSchema,
  type SummariseRequest,
} from './operations/summarise';
export { buildPrompt, estimateTokens, type Prompt } from './prompts';
export { type BedrockProviderOptions, createBedrockProvider, guardrailPolicies } from './providers/bedrock';
export { createOfflineProvider } from './providers/offline';
export { createOpenAiCompatibleProvider, type OpenAiCompatibleProviderOptions } from './providers/openai-compatible';
export {
  type GuardrailIntervention,
  type Provider,
  type ProviderCall,
  ProviderError,
  type ProviderErrorKind,
  type ProviderReply,
} from './providers/provider';
export {
  aliasProblems,
  type InferenceBudgets,
  InferenceBudgetsSchema,
  type InferenceSettings,
  LOCAL_MODEL_ALIASES,
  LOCAL_PRICE_TABLE,
  type ModelAlias,
  ModelAliasSchema,
  type ModelPrice,
  ModelPriceSchema,
  type ModelProvider,
  OFFLINE_MODEL_ID,
  type PriceTable,
  PriceTableSchema,
  parseInferenceSettings,
} from './settings';
