import { changeRequestEmbeddingText } from '../../etl/transform/embedding-text';
import type { StatementPart } from '../shared/db/change-validations';
import { getConfigurationItem } from '../shared/db/configuration-items';
import type { ChangeRequest, ValidationRule } from '../shared/records';
import { type Catalogues, cosine } from './catalogue';
import type { ChangeValidationDependencies } from './dependencies';

/** How many policy passages vector search returns beside the attribute match. */
export const POLICY_PASSAGES = 5;

/** The Rule Extractor's result: small enough to pass between states. */
export interface ExtractedRules {
  /** The rules that apply, by id (catalogue order). */
  readonly ruleIds: string[];
  /** The policy passages nearest to the change's text, with their similarity. */
  readonly passages: { readonly ruleId: string; readonly score: number; readonly applies: boolean }[];
  readonly catalogueSize: number;
}

/** True when a rule's scope admits the change (an absent list means any). */
export function ruleApplies(rule: ValidationRule, change: ChangeRequest, ciClass: string | null): boolean {
  const scope = rule.appliesTo;
  const admits = <T>(list: readonly T[] | undefined, value: T | null) =>
    list === undefined || (value !== null && list.includes(value));
  return (
    rule.active &&
    admits(scope.types, change.type) &&
    admits(scope.changeModels, change.chgModel) &&
    admits(scope.ciClasses, ciClass) &&
    admits(scope.environments, change.environment) &&
    admits(scope.risks, change.risk)
  );
}

/** The class of the change's CI as a scalar SQL expression, to read in the step's opening statement. */
export function ciClassSql(cmdbCi: string): StatementPart {
  // change_validation_ci_class (migration 018): its SELECT planned once per session.
  return (param) => `change_validation_ci_class(${param(cmdbCi)}::text)`;
}

/**
 * Selects the rules of the catalogue (loaded from ServiceNow by the ETL) that apply
 * to the change by type, model, CI class, environment and risk, and finds the policy
 * passages nearest to what the change does by vector search over the rules' stored
 * embeddings (held with the catalogue per process: the same cosine pgvector computes,
 * without a round trip per validation).
 */
export async function extractRules(
  deps: Pick<ChangeValidationDependencies, 'db' | 'embedder' | 'catalogues'>,
  change: ChangeRequest,
  catalogues: Catalogues,
  /** The CI's class, when already read (see {@link ciClassSql}). */
  known?: { readonly ciClass: string | null },
): Promise<ExtractedRules> {
  const [ciClass, vector] = await Promise.all([
    known !== undefined
      ? known.ciClass
      : change.cmdbCi === null
        ? null
        : getConfigurationItem(deps.db, change.cmdbCi).then((ci) => ci?.className ?? null),
    deps.catalogues.embed(deps.embedder, changeRequestEmbeddingText(change)),
  ]);
  const rules = catalogues.rules.map((r) => r.rule);
  const applying = rules.filter((rule) => ruleApplies(rule, change, ciClass));
  const ids = new Set(applying.map((r) => r.id));
  const nearest = vector.every((v) => v === 0)
    ? []
    : catalogues.rules
        .filter((r) => r.embedding !== null)
        .map((r) => ({ ruleId: r.rule.id, score: cosine(vector, r.embedding ?? []) }))
        .sort((a, b) => b.score - a.score || a.ruleId.localeCompare(b.ruleId))
        .slice(0, POLICY_PASSAGES);
  return {
    ruleIds: applying.map((r) => r.id),
    passages: nearest.map((n) => ({
      ruleId: n.ruleId,
      score: Math.round(n.score * 1000) / 1000,
      applies: ids.has(n.ruleId),
    })),
    catalogueSize: rules.length,
  };
}
