import {
  BUSINESS_CRITICALITY_CHOICES,
  CHANGE_TYPE_CHOICES,
  choiceName,
  ENVIRONMENT_CHOICES,
  OPERATIONAL_STATUS_CHOICES,
} from '../../lambdas/shared/servicenow/choices';
import { bool, displayText, FieldError, field, isoDate, type RawRow, referenceSysId, text } from './fields';
import { stripHtml } from './html';
import { redactPii } from './redact';

/** chg_model, cmdb_ci, cmdb_rel_ci and the rule catalogue mapped to record fields (unvalidated). */

/** A chg_model row as the fields of a ChangeModel. */
export function changeModelFields(row: RawRow): Record<string, unknown> {
  const type = field(row, 'u_change_type');
  return {
    sysId: text(row, 'sys_id'),
    name: text(row, 'name'),
    description: redactPii(stripHtml(text(row, 'description'))),
    changeType: choiceName(CHANGE_TYPE_CHOICES, type.value, type.displayValue) ?? type.value,
    technologyFamily: text(row, 'u_technology_family'),
    objective: text(row, 'u_objective'),
    environments: text(row, 'u_environments')
      .split(',')
      .map((env) => env.trim())
      .filter((env) => env !== '')
      .map((env) => choiceName(ENVIRONMENT_CHOICES, env, env) ?? env),
    active: bool(row, 'active', true),
    sysUpdatedOn: isoDate(row, 'sys_updated_on'),
  };
}

/** A cmdb_ci row as the fields of a ConfigurationItem. */
export function configurationItemFields(row: RawRow): Record<string, unknown> {
  const environment = field(row, 'environment');
  const status = field(row, 'operational_status');
  const criticality = field(row, 'business_criticality');
  return {
    sysId: text(row, 'sys_id'),
    name: text(row, 'name'),
    className: text(row, 'sys_class_name'),
    description: redactPii(stripHtml(text(row, 'short_description'))),
    environment:
      environment.value === '' ? null : choiceName(ENVIRONMENT_CHOICES, environment.value, environment.displayValue),
    operationalStatus:
      status.value === ''
        ? 'operational'
        : (choiceName(OPERATIONAL_STATUS_CHOICES, status.value, status.displayValue) ?? status.value),
    businessCriticality:
      criticality.value === ''
        ? null
        : (choiceName(BUSINESS_CRITICALITY_CHOICES, criticality.value, criticality.displayValue) ?? criticality.value),
    supportGroup: displayText(row, 'support_group'),
    location: displayText(row, 'location'),
    sysUpdatedOn: isoDate(row, 'sys_updated_on'),
  };
}

/** A cmdb_rel_ci row as the fields of a CiRelationship. */
export function ciRelationshipFields(row: RawRow): Record<string, unknown> {
  return {
    sysId: text(row, 'sys_id'),
    parent: referenceSysId(row, 'parent'),
    child: referenceSysId(row, 'child'),
    type: displayText(row, 'type'),
    sysUpdatedOn: isoDate(row, 'sys_updated_on'),
  };
}

/** A rule catalogue row (u_switchyard_validation_rule) as the fields of a ValidationRule. */
export function validationRuleFields(row: RawRow): Record<string, unknown> {
  return {
    id: text(row, 'u_rule_id'),
    title: text(row, 'u_title'),
    description: stripHtml(text(row, 'u_description')),
    severity: text(row, 'u_severity'),
    appliesTo: json(row, 'u_applies_to', {}),
    check: { kind: text(row, 'u_check_kind'), params: json(row, 'u_check_params', {}) },
    active: bool(row, 'active', true),
  };
}

function json(row: RawRow, name: string, fallback: unknown): unknown {
  const value = text(row, name);
  if (value === '') return fallback;
  try {
    return JSON.parse(value);
  } catch {
    throw new FieldError(name, 'is not valid JSON');
  }
}
