import type { Queryable } from '../shared/db/pool';
import type { Embedder } from '../shared/embeddings';
import { findOpenIncidents } from './find-open-incidents';
import { type IncidentAssociatorInput, IncidentAssociatorInputSchema, type IncidentAssociatorOutput } from './schemas';
import { scoreOpenIncidents } from './score-open-incidents';

/**
 * The Incident Associator: open incidents probably of the same event as this one (same
 * CI or service, opened within the window, similar text), scored with reasons, and
 * whether they are enough to propose a parent / major incident.
 */
export async function associateIncidents(
  db: Queryable,
  embedder: Embedder,
  rawInput: IncidentAssociatorInput,
): Promise<IncidentAssociatorOutput> {
  const input = IncidentAssociatorInputSchema.parse(rawInput);
  // The same text shape the ETL embeds incidents with: short description, then description.
  const [embedding] = await embedder.embed([`${input.shortDescription}\n${input.description}`.trim()]);
  const candidates = await findOpenIncidents(db, {
    incidentSysId: input.incidentSysId,
    cmdbCi: input.cmdbCi,
    businessService: input.businessService,
    openedAt: input.openedAt,
    windowHours: input.windowHours,
    embedding: embedding ?? null,
  });
  return scoreOpenIncidents(
    {
      sysId: input.incidentSysId,
      cmdbCi: input.cmdbCi,
      businessService: input.businessService,
      openedAt: input.openedAt,
    },
    candidates,
    { windowHours: input.windowHours, threshold: input.threshold },
  );
}
