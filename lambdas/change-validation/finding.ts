import type { ValidationFinding } from '../shared/db/change-validations';

/**
 * A rule's outcome before it is stored. `decided: false` means the check could not
 * say (a semantic question the model could not answer, an unknown check kind): the
 * finding is stored as not passed and the change goes to a person, not back to its owner.
 */
export interface RuleOutcome extends ValidationFinding {
  readonly decided: boolean;
}

/** What the verdict counts from the findings. */
export interface FindingCounts {
  readonly evaluated: number;
  readonly failedBlockers: number;
  readonly failedWarnings: number;
  /** Blockers no check could decide. */
  readonly undecidedBlockers: number;
}

/** Counts the findings the verdict depends on. */
export function countFindings(findings: readonly ValidationFinding[]): FindingCounts {
  const undecided = (f: ValidationFinding) => f.evidence.decided === false;
  return {
    evaluated: findings.length,
    failedBlockers: findings.filter((f) => !f.passed && f.severity === 'blocker' && !undecided(f)).length,
    failedWarnings: findings.filter((f) => !f.passed && f.severity === 'warning').length,
    undecidedBlockers: findings.filter((f) => !f.passed && f.severity === 'blocker' && undecided(f)).length,
  };
}
