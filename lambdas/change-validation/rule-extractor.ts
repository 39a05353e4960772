import { changeRequestEmbeddingText } from '../../etl/transform/embedding-text';
import { getConfigurationItem } from '../shared/db/configuration-items';
import { findSimilar } from '../shared/db/similar';
import { listActiveValidationRules } from '../shared/db/validation-rules';
import type { ChangeRequest, ValidationRule } from '../shared/records';
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

/**
 * Selects the rules of the catalogue (loaded from ServiceNow by the ETL) that apply
 * to the change by type, model, CI class, environment and risk, and finds the policy
 * passages nearest to what the change does by vector search over the rules.
 */
export async function extractRules(
  deps: Pick<ChangeValidationDependencies, 'db' | 'embedder'>,
  change: ChangeRequest,
): Promise<ExtractedRules> {
  const [rules, ci, embedding] = await Promise.all([
    listActiveValidationRules(deps.db),
    change.cmdbCi === null ? Promise.resolve(null) : getConfigurationItem(deps.db, change.cmdbCi),
    deps.embedder.embed([changeRequestEmbeddingText(change)]),
  ]);
  const applying = rules.filter((rule) => ruleApplies(rule, change, ci?.className ?? null));
  const ids = new Set(applying.map((r) => r.id));
  const vector = embedding[0];
  const nearest =
    vector === undefined
      ? []
      : await findSimilar(deps.db, {
          table: 'validation_rules',
          embedding: vector,
          k: POLICY_PASSAGES,
          filters: { active: true },
        });
  return {
    ruleIds: applying.map((r) => r.id),
    passages: nearest.map((n) => ({
      ruleId: n.number ?? n.id,
      score: Math.round(n.score * 1000) / 1000,
      applies: ids.has(n.number ?? n.id),
    })),
    catalogueSize: rules.length,
  };
}
