import type { Incident } from '../shared/records';
import type { IncidentAssociatorOutput, RelatedOpenIncident } from './schemas';

/** An open incident found near the new one, with its text similarity. */
export interface OpenIncidentCandidate {
  readonly incident: Incident;
  /** Cosine similarity of the two incidents' embeddings. */
  readonly similarity: number;
}

/** Scoring settings. */
export interface AssociationSettings {
  /** How far apart (hours) two incidents can be opened and still be one event. @default 4 */
  readonly windowHours?: number;
  /** Minimum score to count as the same event. @default 0.5 */
  readonly threshold?: number;
  /** How many same-event incidents make a major-incident candidate. @default 2 */
  readonly majorIncidentAt?: number;
}

/**
 * Scores open incidents as "probably the same event" as `incident`: text similarity
 * (half of the score), same CI (+0.3), same business service (+0.15), and closeness in
 * time (up to +0.15, zero at the window's edge); outside the window or itself, never.
 * Pure and deterministic.
 */
export function scoreOpenIncidents(
  incident: Pick<Incident, 'sysId' | 'cmdbCi' | 'businessService' | 'openedAt'>,
  candidates: readonly OpenIncidentCandidate[],
  settings: AssociationSettings = {},
): IncidentAssociatorOutput {
  const windowHours = settings.windowHours ?? 4;
  const threshold = settings.threshold ?? 0.5;
  const majorAt = settings.majorIncidentAt ?? 2;
  const opened = Date.parse(incident.openedAt);
  const scored: RelatedOpenIncident[] = [];
  for (const { incident: other, similarity } of candidates) {
    if (other.sysId === incident.sysId) continue;
    const hoursApart = Math.abs(Date.parse(other.openedAt) - opened) / 3_600_000;
    if (hoursApart > windowHours) continue;
    const sameCi = incident.cmdbCi !== null && other.cmdbCi === incident.cmdbCi;
    const sameService = incident.businessService !== null && other.businessService === incident.businessService;
    const reasons = [`opened ${hoursApart.toFixed(1)} h apart`, `text similarity ${similarity.toFixed(2)}`];
    if (sameCi) reasons.push('same configuration item');
    if (sameService) reasons.push('same business service');
    const score =
      0.5 * Math.max(similarity, 0) +
      (sameCi ? 0.3 : 0) +
      (sameService ? 0.15 : 0) +
      0.15 * (1 - hoursApart / windowHours);
    scored.push({
      sysId: other.sysId,
      number: other.number,
      shortDescription: other.shortDescription,
      score: Number(Math.min(score, 1).toFixed(4)),
      similarity: Number(similarity.toFixed(4)),
      sameCi,
      sameService,
      hoursApart: Number(hoursApart.toFixed(2)),
      reasons,
    });
  }
  const sameEvent = scored
    .filter((s) => s.score >= threshold)
    .sort((a, b) => b.score - a.score || a.number.localeCompare(b.number));
  const majorIncidentCandidate = sameEvent.length >= majorAt;
  return {
    windowHours,
    sameEvent,
    majorIncidentCandidate,
    reason: majorIncidentCandidate
      ? `${sameEvent.length} open incidents look like the same event within ${windowHours} h: propose a parent / major incident`
      : sameEvent.length === 1
        ? 'one open incident looks like the same event'
        : 'no open incident looks like the same event',
  };
}
