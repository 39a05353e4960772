import { z } from 'zod';
import type { Incident } from '../shared/records';

/** The five incident agents the Smart Solver can call. */
export const INCIDENT_AGENTS = [
  'tag-classifier',
  'incident-similarity',
  'incident-associator',
  'change-associator',
  'context-retriever',
] as const;
export type IncidentAgent = (typeof INCIDENT_AGENTS)[number];

/** One plan entry: whether an agent runs, and why (skipped agents included). */
export const PlanEntrySchema = z.object({
  agent: z.enum(INCIDENT_AGENTS),
  run: z.boolean(),
  reason: z.string(),
});
export type PlanEntry = z.infer<typeof PlanEntrySchema>;

/** What the policy looks at. */
export type PlanInput = Pick<Incident, 'priority' | 'cmdbCi' | 'businessService' | 'category' | 'assignmentGroup'>;

/**
 * The Smart Solver's deterministic policy: which agents an incident needs, with a
 * reason for every agent, run or skipped.
 * - Priority 1–2 is a full analysis: every agent that has what it needs.
 * - No CI: no change association and no context (both start from the CI).
 * - Priority 4–5 with no CI and no business service is a simple ticket: tags only.
 * - Already categorised and assigned, low priority: the Tag Classifier is skipped.
 * The model is not part of this plan; see {@link needsModelForTagging}.
 */
export function planEnrichment(incident: PlanInput): PlanEntry[] {
  const high = incident.priority <= 2;
  const low = incident.priority >= 4;
  const hasCi = incident.cmdbCi !== null;
  const simple = low && !hasCi && incident.businessService === null;
  const entry = (agent: IncidentAgent, run: boolean, reason: string): PlanEntry => ({ agent, run, reason });
  const tagged = incident.category !== null && incident.assignmentGroup !== null;
  return [
    tagged && !high
      ? entry('tag-classifier', false, 'already categorised and assigned, and not high priority')
      : entry(
          'tag-classifier',
          true,
          tagged ? 'high priority: confirm the existing tags' : 'category or assignment group missing',
        ),
    simple
      ? entry(
          'incident-similarity',
          false,
          `simple ticket (priority ${incident.priority}, no CI, no service): tags only`,
        )
      : entry(
          'incident-similarity',
          true,
          high ? 'high priority: full analysis' : 'resolution history helps the technician',
        ),
    simple
      ? entry(
          'incident-associator',
          false,
          `simple ticket (priority ${incident.priority}, no CI, no service): tags only`,
        )
      : low
        ? entry('incident-associator', false, `priority ${incident.priority}: not a candidate for a major incident`)
        : entry('incident-associator', true, high ? 'high priority: full analysis' : 'may be part of a wider event'),
    hasCi
      ? low
        ? entry('change-associator', false, `priority ${incident.priority}: change correlation not worth it`)
        : entry(
            'change-associator',
            true,
            high ? 'high priority: full analysis' : 'a CI is known: look for recent changes on it',
          )
      : entry('change-associator', false, 'no CI: nothing to associate changes with'),
    hasCi
      ? entry('context-retriever', true, high ? 'high priority: full analysis' : 'a CI is known: gather its context')
      : entry('context-retriever', false, 'no CI: no configuration context to retrieve'),
  ];
}

/** The Tag Classifier output fields the policy reads. */
export interface TagConfidence {
  readonly confident: boolean;
  readonly uncertainFields: readonly string[];
}

/**
 * Whether to ask the model for tags: only when the classifier ran and left fields
 * uncertain, and a model is configured. A confident tag from history skips the model.
 */
export function needsModelForTagging(
  tags: TagConfidence | null,
  modelConfigured: boolean,
): { readonly ask: boolean; readonly reason: string } {
  if (!modelConfigured) return { ask: false, reason: 'no model configured: offline tags only' };
  if (tags === null) return { ask: false, reason: 'the Tag Classifier did not run' };
  if (tags.confident) return { ask: false, reason: 'confident tags from history: the model is skipped' };
  return { ask: true, reason: `uncertain from history: ${tags.uncertainFields.join(', ')}` };
}
