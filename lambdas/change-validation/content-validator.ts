import { type StatementPart, saveValidationFindings } from '../shared/db/change-validations';
import type { Queryable } from '../shared/db/pool';
import { listActiveValidationRules } from '../shared/db/validation-rules';
import type { ChangeRequest, ValidationRule } from '../shared/records';
import type { Catalogues } from './catalogue';
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
  catalogues?: Pick<Catalogues, 'rules'>,
  /** The check context's facts, when already read (see {@link checkContextSql}). */
  facts?: CheckFacts | null,
): Promise<RuleOutcome[]> {
  const wanted = new Set(ruleIds);
  const all = catalogues?.rules.map((r) => r.rule) ?? (await listActiveValidationRules(deps.db));
  const rules = all.filter((rule) => wanted.has(rule.id));
  const context =
    facts === undefined ? await checkContext(deps.db, change, deps.now()) : checkContextOf(facts, deps.now());
  // Rules are independent: the semantic ones are asked together, findings kept in catalogue order.
  return Promise.all(rules.map((rule) => evaluateRule(rule, change, context, deps, correlationId)));
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

/** The facts the deterministic checks need: CI criticality and overlapping scheduled changes, in one statement. */
export async function checkContext(db: Queryable, change: ChangeRequest, now: Date): Promise<CheckContext> {
  if (change.cmdbCi === null) return { now, ciCriticality: null, conflicts: [] };
  const values: unknown[] = [];
  const sql = checkContextSql(change)((value) => {
    values.push(value);
    return `$${values.length}`;
  });
  const { rows } = await db.query<{ facts: CheckFacts }>(`SELECT ${sql} AS facts`, values);
  return checkContextOf(rows[0]?.facts ?? null, now);
}

/** The facts as {@link checkContextSql} reads them. */
export interface CheckFacts {
  readonly criticality: string | null;
  readonly conflicts: { number: string; start_date: string; end_date: string }[] | null;
}

/**
 * The check context's facts as a scalar SQL expression (JSON {@link CheckFacts}), to
 * read in another statement (the step's opening one); `param` adds a parameter.
 */
export function checkContextSql(change: ChangeRequest): StatementPart {
  // change_validation_check_facts (migration 018): its two reads planned once per session.
  return (param) =>
    `change_validation_check_facts(${param(change.cmdbCi)}::text, ${param(change.startDate)}::timestamptz,
       ${param(change.endDate)}::timestamptz, ${param(change.sysId)}::text, ${param(SCHEDULED_STATES)}::smallint[])`;
}

/** The check context from the facts read (none: the change names no CI). */
export function checkContextOf(facts: CheckFacts | null, now: Date): CheckContext {
  return {
    now,
    ciCriticality: facts?.criticality ?? null,
    conflicts: (facts?.conflicts ?? []).map((c) => ({
      number: c.number,
      startDate: new Date(c.start_date).toISOString(),
      endDate: new Date(c.end_date).toISOString(),
    })),
  };
}
