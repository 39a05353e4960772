-- pgvector: the vector type, distance operators and HNSW indexes.
-- gen_random_uuid() is built into PostgreSQL 13+, so no pgcrypto.
CREATE EXTENSION IF NOT EXISTS vector;
