export { extractConcepts, LEXICON_SIZE } from './bilingual-lexicon';
export { detectLanguage, type LanguageGuess } from './detect-language';
export { createEmbedder, type Embedder, type EmbedderDependencies } from './embedder';
export {
  computeHashingEmbedding,
  createHashingEmbedder,
  DEFAULT_FEATURE_WEIGHTS,
  type FeatureWeights,
  HASHING_EMBEDDER_MODEL_ID,
  type HashingEmbedderOptions,
} from './hashing-embedder';
export { rememberEmbeddings } from './remember-embeddings';
export { cosineSimilarity } from './similarity';
export { normalizeText, tokenize } from './text-normalization';
export {
  createTitanEmbedder,
  mapConcurrently,
  TITAN_DIMENSIONS,
  TITAN_EMBED_TEXT_V2,
  TITAN_MAX_INPUT_CHARS,
  type TitanEmbedderOptions,
} from './titan-embedder';
