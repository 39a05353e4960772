import { z } from 'zod';

/**
 * Switchyard's own shapes of the ServiceNow records it works with, after the ETL
 * transform has normalised them (plain values, ISO dates, state names). Every part
 * (database, agents, demo data, ETL) speaks these; only the ServiceNow adapter
 * speaks the Table API shape.
 */

const isoDateTime = z.iso.datetime({ offset: true });
const sysId = z.string().regex(/^[0-9a-f]{32}$/, 'expected a 32-character ServiceNow sys_id');

/** The languages tickets arrive in. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const INCIDENT_STATES = ['new', 'in_progress', 'on_hold', 'resolved', 'closed', 'canceled'] as const;

export const IncidentSchema = z.object({
  sysId,
  number: z.string().regex(/^INC\d{7,}$/),
  shortDescription: z.string().min(1),
  description: z.string().default(''),
  category: z.string().nullable().default(null),
  subcategory: z.string().nullable().default(null),
  /** 1 (critical) … 5 (planning), as ServiceNow computes it from impact and urgency. */
  priority: z.number().int().min(1).max(5),
  impact: z.number().int().min(1).max(3),
  urgency: z.number().int().min(1).max(3),
  state: z.enum(INCIDENT_STATES),
  assignmentGroup: z.string().nullable().default(null),
  assignedTo: z.string().nullable().default(null),
  /** sys_id of the affected configuration item, when known. */
  cmdbCi: sysId.nullable().default(null),
  businessService: z.string().nullable().default(null),
  openedAt: isoDateTime,
  resolvedAt: isoDateTime.nullable().default(null),
  closeCode: z.string().nullable().default(null),
  closeNotes: z.string().nullable().default(null),
  language: z.enum(LANGUAGES).default('en'),
  sysUpdatedOn: isoDateTime,
});
export type Incident = z.infer<typeof IncidentSchema>;

export const CHANGE_TYPES = ['normal', 'standard', 'emergency'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** ServiceNow's change_request.state values. */
export const CHANGE_STATES = {
  new: -5,
  assess: -4,
  authorize: -3,
  scheduled: -2,
  implement: -1,
  review: 0,
  closed: 3,
  canceled: 4,
} as const;
export type ChangeStateName = keyof typeof CHANGE_STATES;

export const CHANGE_RISKS = ['very_high', 'high', 'moderate', 'low'] as const;
export const ENVIRONMENTS = ['production', 'staging', 'test', 'development', 'disaster_recovery'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const ChangeRequestSchema = z.object({
  sysId,
  number: z.string().regex(/^CHG\d{7,}$/),
  shortDescription: z.string().min(1),
  description: z.string().default(''),
  type: z.enum(CHANGE_TYPES),
  state: z.enum(Object.keys(CHANGE_STATES) as [ChangeStateName, ...ChangeStateName[]]),
  /** sys_id of the chosen change model (chg_model). */
  chgModel: sysId.nullable().default(null),
  cmdbCi: sysId.nullable().default(null),
  environment: z.enum(ENVIRONMENTS).nullable().default(null),
  risk: z.enum(CHANGE_RISKS).nullable().default(null),
  impact: z.number().int().min(1).max(3).nullable().default(null),
  category: z.string().nullable().default(null),
  assignmentGroup: z.string().nullable().default(null),
  requestedBy: z.string().nullable().default(null),
  justification: z.string().default(''),
  implementationPlan: z.string().default(''),
  backoutPlan: z.string().default(''),
  testPlan: z.string().default(''),
  riskImpactAnalysis: z.string().default(''),
  startDate: isoDateTime.nullable().default(null),
  endDate: isoDateTime.nullable().default(null),
  language: z.enum(LANGUAGES).default('en'),
  sysUpdatedOn: isoDateTime,
});
export type ChangeRequest = z.infer<typeof ChangeRequestSchema>;

export const ChangeModelSchema = z.object({
  sysId,
  name: z.string().min(1),
  description: z.string().default(''),
  /** The change type a change of this model takes. */
  changeType: z.enum(CHANGE_TYPES),
  /** e.g. "database", "network", "scada", "sap" — what the assistant asks for first. */
  technologyFamily: z.string().min(1),
  /** e.g. "patch", "upgrade", "configuration", "decommission". */
  objective: z.string().min(1),
  environments: z.array(z.enum(ENVIRONMENTS)).default([]),
  active: z.boolean().default(true),
  sysUpdatedOn: isoDateTime,
});
export type ChangeModel = z.infer<typeof ChangeModelSchema>;

export const ConfigurationItemSchema = z.object({
  sysId,
  name: z.string().min(1),
  /** ServiceNow class, e.g. cmdb_ci_linux_server, cmdb_ci_db_postgresql_instance. */
  className: z.string().regex(/^cmdb_ci[a-z0-9_]*$/),
  description: z.string().default(''),
  environment: z.enum(ENVIRONMENTS).nullable().default(null),
  operationalStatus: z.enum(['operational', 'non_operational', 'repair_in_progress', 'retired']).default('operational'),
  businessCriticality: z
    .enum(['1_most_critical', '2_somewhat_critical', '3_less_critical', '4_not_critical'])
    .nullable()
    .default(null),
  supportGroup: z.string().nullable().default(null),
  location: z.string().nullable().default(null),
  sysUpdatedOn: isoDateTime,
});
export type ConfigurationItem = z.infer<typeof ConfigurationItemSchema>;

export const CiRelationshipSchema = z.object({
  sysId,
  parent: sysId,
  child: sysId,
  /** ServiceNow relationship type name, e.g. "Depends on::Used by", "Runs on::Runs". */
  type: z.string().min(1),
  sysUpdatedOn: isoDateTime,
});
export type CiRelationship = z.infer<typeof CiRelationshipSchema>;

export const RULE_SEVERITIES = ['blocker', 'warning'] as const;

/** Which changes a validation rule applies to; an absent list means "any". */
export const RuleScopeSchema = z.object({
  types: z.array(z.enum(CHANGE_TYPES)).optional(),
  changeModels: z.array(z.string()).optional(),
  ciClasses: z.array(z.string()).optional(),
  environments: z.array(z.enum(ENVIRONMENTS)).optional(),
  risks: z.array(z.enum(CHANGE_RISKS)).optional(),
});

export const ValidationRuleSchema = z.object({
  /** Stable id such as CHG-REQ-001. */
  id: z.string().regex(/^[A-Z][A-Z0-9-]+$/),
  title: z.string().min(1),
  /** The policy passage the rule comes from; what vector search finds. */
  description: z.string().min(1),
  severity: z.enum(RULE_SEVERITIES),
  appliesTo: RuleScopeSchema.default({}),
  /** How the rule is checked: a deterministic kind with parameters, or a semantic question. */
  check: z.object({ kind: z.string().min(1), params: z.record(z.string(), z.unknown()).default({}) }),
  active: z.boolean().default(true),
});
export type ValidationRule = z.infer<typeof ValidationRuleSchema>;
