import type { CiKind, SystemCode } from './cmdb-catalog';
import { APPLICATION_SCENARIOS } from './incident-scenarios-apps';
import { INFRASTRUCTURE_SCENARIOS } from './incident-scenarios-infra';

/**
 * What goes wrong, on what, and how the service desk files it. A scenario fixes the
 * category, subcategory and (unless the CI's support group handles it) the assignment
 * group, so the history teaches a classifier a consistent mapping from symptom to tags.
 */
export interface IncidentScenario {
  readonly key: string;
  /** CI kinds it happens on; empty when the caller reports no CI (a printer, a laptop). */
  readonly ciKinds: readonly CiKind[];
  /** For application symptoms, which applications. */
  readonly systems?: readonly SystemCode[];
  readonly category: string;
  readonly subcategory: string;
  /** Typical impact and urgency (1 high … 3 low); individual tickets vary by one. */
  readonly impact: 1 | 2 | 3;
  readonly urgency: 1 | 2 | 3;
  /** The group that handles it when that is not the CI's support group. */
  readonly group?: string;
  /** Values for `{error}`. */
  readonly errors?: readonly string[];
  /** Whether a change on the CI can plausibly cause it (an expired password cannot). @default true */
  readonly changeCanCause?: boolean;
  /** How common it is. @default 1 */
  readonly weight?: number;
}

/** The incident scenarios of the demo utility. */
export const INCIDENT_SCENARIOS = [...APPLICATION_SCENARIOS, ...INFRASTRUCTURE_SCENARIOS] as const;

/** The handle texts are keyed by. */
export type IncidentScenarioKey = (typeof INCIDENT_SCENARIOS)[number]['key'];
