import type {
  ChangeModel,
  ChangeRequest,
  ConfigurationItem,
  Incident,
  ValidationRule,
} from '../../lambdas/shared/records';

/**
 * The text that represents each record in vector search. Short, most telling fields
 * first; the embedder weighs what it sees, so boilerplate stays out.
 */

/** An incident: what was reported, and how it was resolved when it was. */
export function incidentEmbeddingText(incident: Incident): string {
  return joinParts([incident.shortDescription, incident.description, incident.closeNotes]);
}

/** A change request: what it does and how, not its schedule. */
export function changeRequestEmbeddingText(change: ChangeRequest): string {
  return joinParts([change.shortDescription, change.description, change.justification, change.implementationPlan]);
}

/** A change model: its name, purpose and the technology it covers. */
export function changeModelEmbeddingText(model: ChangeModel): string {
  return joinParts([model.name, model.description, `${model.technologyFamily} ${model.objective}`]);
}

/** A configuration item: its name, class and description. */
export function configurationItemEmbeddingText(item: ConfigurationItem): string {
  return joinParts([item.name, item.className.replace(/^cmdb_ci_?/, '').replaceAll('_', ' '), item.description]);
}

/** A validation rule: its title and the policy passage it comes from. */
export function validationRuleEmbeddingText(rule: ValidationRule): string {
  return joinParts([rule.title, rule.description]);
}

function joinParts(parts: ReadonlyArray<string | null | undefined>): string {
  return parts
    .map((part) => part?.trim() ?? '')
    .filter((part) => part.length > 0)
    .join('\n');
}
