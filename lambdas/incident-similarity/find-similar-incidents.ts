import { type Queryable, toVectorParam } from '../shared/db/pool';
import type { Embedder } from '../shared/embeddings';
import { type IncidentSimilarityInput, IncidentSimilarityInputSchema, type IncidentSimilarityOutput } from './schemas';

interface NeighbourRow {
  sys_id: string;
  number: string | null;
  short_description: string;
  close_code: string | null;
  close_notes: string | null;
  assignment_group: string | null;
  score: number | string;
}

/**
 * The Incident Similarity agent: the resolved or closed incidents nearest to this one
 * (pgvector cosine over the stored embeddings), with the close code and notes of the
 * best matches, so a technician sees how the same problem was fixed before. One
 * statement: the neighbours come with their resolution fields (a function of migration
 * 017: its plan is kept per session, and each distance is computed once). The HNSW scan
 * keeps pgvector's default ef_search (40 candidates before the state filter), which
 * holds while most history is resolved or closed.
 */
export async function findSimilarIncidents(
  db: Queryable,
  embedder: Embedder,
  rawInput: IncidentSimilarityInput,
): Promise<IncidentSimilarityOutput> {
  const input = IncidentSimilarityInputSchema.parse(rawInput);
  // The same text shape the ETL embeds incidents with: short description, then description.
  const [embedding] = await embedder.embed([`${input.shortDescription}\n${input.description}`.trim()]);
  // A zero vector (no text) has no direction: nothing is similar to it.
  if (embedding === undefined || embedding.every((c) => c === 0)) return { similar: [] };
  const { rows } = await db.query<NeighbourRow>(
    `SELECT sys_id, number, short_description, close_code, close_notes, assignment_group, score
       FROM similar_resolved_incidents($1, $2, $3)`,
    [toVectorParam(embedding), input.incidentSysId, input.limit],
  );
  return {
    similar: rows.map((row, i) => ({
      sysId: row.sys_id,
      number: row.number,
      shortDescription: row.short_description,
      score: Number(Number(row.score).toFixed(4)),
      resolution:
        i < input.withResolution
          ? { closeCode: row.close_code, closeNotes: row.close_notes, assignmentGroup: row.assignment_group }
          : null,
    })),
  };
}
