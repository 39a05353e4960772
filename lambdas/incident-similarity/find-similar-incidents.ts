import { getIncident } from '../shared/db/incidents';
import type { Queryable } from '../shared/db/pool';
import { findSimilar } from '../shared/db/similar';
import type { Embedder } from '../shared/embeddings';
import { type IncidentSimilarityInput, IncidentSimilarityInputSchema, type IncidentSimilarityOutput } from './schemas';

/**
 * The Incident Similarity agent: the resolved or closed incidents nearest to this one
 * (pgvector cosine over the stored embeddings), with the close code and notes of the
 * best matches, so a technician sees how the same problem was fixed before.
 */
export async function findSimilarIncidents(
  db: Queryable,
  embedder: Embedder,
  rawInput: IncidentSimilarityInput,
): Promise<IncidentSimilarityOutput> {
  const input = IncidentSimilarityInputSchema.parse(rawInput);
  // The same text shape the ETL embeds incidents with: short description, then description.
  const [embedding] = await embedder.embed([`${input.shortDescription}\n${input.description}`.trim()]);
  const neighbours = await findSimilar(db, {
    table: 'incidents',
    embedding: embedding ?? [],
    k: input.limit,
    filters: { states: ['resolved', 'closed'], excludeIds: [input.incidentSysId] },
  });
  const resolved = await Promise.all(neighbours.slice(0, input.withResolution).map((n) => getIncident(db, n.id)));
  return {
    similar: neighbours.map((n, i) => {
      const incident = resolved[i];
      return {
        sysId: n.id,
        number: n.number,
        shortDescription: n.title,
        score: Number(n.score.toFixed(4)),
        resolution:
          incident === undefined || incident === null
            ? null
            : {
                closeCode: incident.closeCode,
                closeNotes: incident.closeNotes,
                assignmentGroup: incident.assignmentGroup,
              },
      };
    }),
  };
}
