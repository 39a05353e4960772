-- HNSW indexes for cosine similarity (`embedding <=> $1`), the operator findSimilar
-- uses. pgvector builds them incrementally as rows arrive; for a large backfill it is
-- faster to drop, load, and recreate them (see test/bench/vector.ts for figures).
CREATE INDEX incidents_embedding_idx ON incidents USING hnsw (embedding vector_cosine_ops);
CREATE INDEX change_requests_embedding_idx ON change_requests USING hnsw (embedding vector_cosine_ops);
CREATE INDEX change_models_embedding_idx ON change_models USING hnsw (embedding vector_cosine_ops);
CREATE INDEX configuration_items_embedding_idx ON configuration_items USING hnsw (embedding vector_cosine_ops);
CREATE INDEX validation_rules_embedding_idx ON validation_rules USING hnsw (embedding vector_cosine_ops);
