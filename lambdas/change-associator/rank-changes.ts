import type { ChangeRequest } from '../shared/records';
import type { LikelyCause } from './schemas';

/** A change found on the incident's CI or on a CI related to it in the CMDB. */
export interface CandidateChange {
  readonly change: ChangeRequest;
  readonly relation: 'same_ci' | 'related_ci';
  /** The CMDB relationship type, for a related CI ("Depends on::Used by"). */
  readonly relationshipType?: string;
}

/** How strongly each signal counts; the defaults favour recency on the same CI. */
export interface RankingWeights {
  /** Half-life of the recency score, in hours. @default 6 */
  readonly recencyHalfLifeHours?: number;
  /** Score factor of a change on a related CI against one on the same CI. @default 0.6 */
  readonly relatedCiFactor?: number;
}

const IMPLEMENTED_STATES = new Set(['implement', 'review', 'closed']);
const RISK_BONUS: Record<string, number> = { very_high: 0.1, high: 0.07, moderate: 0.03, low: 0 };

/**
 * Ranks changes as likely causes of an incident opened at `openedAt`: changes
 * implemented (or being implemented) within `windowHours` before it, scored by recency
 * (exponential decay), same CI over related CI, emergency type and risk; each with
 * the reasons that produced its score. Changes after the incident, outside the window,
 * or never implemented (new, scheduled, canceled…) are left out. Pure and deterministic.
 */
export function rankLikelyCauses(
  openedAt: string,
  candidates: readonly CandidateChange[],
  windowHours: number,
  weights: RankingWeights = {},
): LikelyCause[] {
  const halfLife = weights.recencyHalfLifeHours ?? 6;
  const relatedFactor = weights.relatedCiFactor ?? 0.6;
  const opened = Date.parse(openedAt);
  const ranked: LikelyCause[] = [];
  const seen = new Set<string>();
  for (const { change, relation, relationshipType } of candidates) {
    if (seen.has(change.sysId) || !IMPLEMENTED_STATES.has(change.state)) continue;
    const implementedAt = change.endDate ?? change.startDate;
    if (implementedAt === null) continue;
    // A change still running when the incident opened counts from its start.
    const effective =
      Date.parse(implementedAt) > opened && change.startDate !== null ? change.startDate : implementedAt;
    const hours = (opened - Date.parse(effective)) / 3_600_000;
    if (hours < 0 || hours > windowHours) continue;
    seen.add(change.sysId);
    const reasons: string[] = [];
    let score = 0.5 ** (hours / halfLife);
    reasons.push(`${describeHours(hours)} before the incident was opened`);
    if (relation === 'same_ci') reasons.push('made on the incident’s configuration item');
    else {
      score *= relatedFactor;
      reasons.push(
        `made on a related configuration item${relationshipType === undefined ? '' : ` (${relationshipType})`}`,
      );
    }
    if (change.type === 'emergency') {
      score += 0.1;
      reasons.push('an emergency change');
    }
    const riskBonus = RISK_BONUS[change.risk ?? ''] ?? 0;
    if (riskBonus > 0) {
      score += riskBonus;
      reasons.push(`${change.risk?.replace('_', ' ')} risk`);
    }
    if (change.state === 'implement') reasons.push('still being implemented');
    ranked.push({
      sysId: change.sysId,
      number: change.number,
      shortDescription: change.shortDescription,
      state: change.state,
      cmdbCi: change.cmdbCi,
      relation,
      implementedAt,
      hoursBeforeIncident: Number(hours.toFixed(2)),
      score: Number(Math.min(score, 1).toFixed(4)),
      reasons,
    });
  }
  return ranked.sort((a, b) => b.score - a.score || a.number.localeCompare(b.number));
}

function describeHours(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}
