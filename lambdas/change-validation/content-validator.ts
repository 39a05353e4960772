import { saveValidationFindings } from '../shared/db/change-validations';
import { getConfigurationItem } from '../shared/db/configuration-items';
import type { Queryable } from '../shared/db/pool';
import { listActiveValidationRules } from '../shared/db/validation-rules';
import type { ChangeRequest, ValidationRule } from '../shared/records';
import type { ChangeValidationDependencies } from './dependencies';
import { type CheckContext, DETERMINISTIC_CHECKS } from './deterministic-checks';
import { countFindings, type FindingCounts, type RuleOutcome } from './finding';
import { checkSemantic } from './semantic-checks';

/** Change states whose planned window is taken on the calendar. */
const SCHEDULED_STATES = [-4, -3, -2, -1] as const;

/**
 * Evaluates every selected rule against the change: deterministic checks in code,
 * semantic questions through the inference layer's `judge`. Findings are returned in
 * catalogue order; an unknown check kind is an undecided finding, not an exception.
 */
export async function validateContent(
  deps: Pick<ChangeValidationDependencies, 'db' | 'inference' | 'now'>,
  change: ChangeRequest,
  ruleIds: readonly string[],
  correlationId: string,
): Promise<RuleOutcome[]> {
  const wanted = new Set(ruleIds);
  const rules = (await listActiveValidationRules(deps.db)).filter((rule) => wanted.has(rule.id));
  const context = await checkContext(deps.db, change, deps.now());
  const outcomes: RuleOutcome[] = [];
  for (const rule of rules) outcomes.push(await evaluateRule(rule, change, context, deps, correlationId));
  return outcomes;
}

/** Evaluates one rule. */
export async function evaluateRule(
  rule: ValidationRule,
  change: ChangeRequest,
  context: CheckContext,
  deps: Pick<ChangeValidationDependencies, 'inference'>,
  correlationId: string,
): Promise<RuleOutcome> {
  if (rule.check.kind === 'semantic') return checkSemantic(rule, change, { inference: deps.inference, correlationId });
  const check = DETERMINISTIC_CHECKS[rule.check.kind];
  if (check !== undefined) return check(rule, change, context);
  const es = change.language === 'es';
  return {
    ruleId: rule.id,
    severity: rule.severity,
    passed: false,
    decided: false,
    field: null,
    message: es
      ? `La regla usa una comprobación desconocida ("${rule.check.kind}"); un revisor debe confirmarla: ${rule.title}.`
      : `The rule uses an unknown check ("${rule.check.kind}"); a reviewer must confirm it: ${rule.title}.`,
    evidence: { kind: rule.check.kind, decided: false },
  };
}

/** Runs the validation and stores every finding on the job; returns the counts. */
export async function validateAndStore(
  deps: Pick<ChangeValidationDependencies, 'db' | 'inference' | 'now'>,
  validationId: string,
  change: ChangeRequest,
  ruleIds: readonly string[],
  correlationId: string,
): Promise<FindingCounts> {
  const outcomes = await validateContent(deps, change, ruleIds, correlationId);
  await saveValidationFindings(
    deps.db,
    validationId,
    outcomes.map(({ decided: _decided, ...finding }) => finding),
  );
  return countFindings(outcomes);
}

/** The facts the deterministic checks need: CI criticality and overlapping scheduled changes. */
export async function checkContext(db: Queryable, change: ChangeRequest, now: Date): Promise<CheckContext> {
  if (change.cmdbCi === null) return { now, ciCriticality: null, conflicts: [] };
  const ci = await getConfigurationItem(db, change.cmdbCi);
  const conflicts =
    change.startDate === null || change.endDate === null
      ? []
      : (
          await db.query<{ number: string; start_date: Date; end_date: Date }>(
            `SELECT number, start_date, end_date FROM change_requests
              WHERE cmdb_ci = $1 AND sys_id <> $2 AND state = ANY($3::smallint[])
                AND start_date < $5 AND end_date > $4
              ORDER BY start_date LIMIT 10`,
            [change.cmdbCi, change.sysId, SCHEDULED_STATES, change.startDate, change.endDate],
          )
        ).rows.map((row) => ({
          number: row.number,
          startDate: row.start_date.toISOString(),
          endDate: row.end_date.toISOString(),
        }));
  return { now, ciCriticality: ci?.businessCriticality ?? null, conflicts };
}
