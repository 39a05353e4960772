import { type ValidationRule, ValidationRuleSchema } from '../../lambdas/shared/records';
import { changeModelSysId } from './change-models';
import { calendarDate } from './time';

/** The year-end change freeze in force at, or next after, `now`: 15 December to 8 January (UTC). */
export function yearEndFreeze(nowMs: number): { fromMs: number; toMs: number } {
  const year = new Date(nowMs).getUTCFullYear();
  const inEarlyJanuary = nowMs < Date.UTC(year, 0, 8);
  const startYear = inEarlyJanuary ? year - 1 : year;
  return { fromMs: Date.UTC(startYear, 11, 15), toMs: Date.UTC(startYear + 1, 0, 8) };
}

/** Minimum hours between submission and planned start, by change type. */
export const LEAD_TIME_HOURS = { normal: 72, standard: 24, emergency: 0 } as const;

type RuleInput = Omit<ValidationRule, 'active' | 'appliesTo'> & Partial<Pick<ValidationRule, 'active' | 'appliesTo'>>;

/**
 * The change policy the validation pipeline enforces, one rule per obligation, each
 * with the passage a change owner reads. `appliesTo.changeModels` lists change model
 * sys_ids, as change requests carry them in `chgModel`.
 */
export function generateValidationRules(seed: number, nowMs: number): ValidationRule[] {
  const model = (key: Parameters<typeof changeModelSysId>[1]) => changeModelSysId(seed, key);
  const freeze = yearEndFreeze(nowMs);
  const rules: RuleInput[] = [
    {
      id: 'CHG-REQ-001',
      title: 'Short description is required',
      severity: 'blocker',
      check: { kind: 'required_field', params: { field: 'shortDescription' } },
      description:
        'Every change request must have a short description that names the configuration item and the action, for example "Upgrade oms-db-prd to 19.24". The short description is what the CAB agenda and the change calendar show.',
    },
    {
      id: 'CHG-REQ-002',
      title: 'Description explains what changes and why',
      severity: 'blocker',
      check: { kind: 'min_length', params: { field: 'description', minChars: 60 } },
      description:
        'The description must say what will be changed, on which system, and what users will notice. One-line descriptions such as "patch server" are returned to the requester. La descripción debe explicar qué se cambia, en qué sistema y qué notarán los usuarios.',
    },
    {
      id: 'CHG-REQ-003',
      title: 'Business justification is required',
      severity: 'blocker',
      appliesTo: { types: ['normal', 'emergency'] },
      check: { kind: 'required_field', params: { field: 'justification' } },
      description:
        'Normal and emergency changes must state the business reason: the risk of not making the change, the incident or requirement it addresses, or the deadline it meets.',
    },
    {
      id: 'CHG-REQ-004',
      title: 'Emergency changes justify the emergency',
      severity: 'blocker',
      appliesTo: { types: ['emergency'] },
      check: { kind: 'min_length', params: { field: 'justification', minChars: 60 } },
      description:
        'An emergency change bypasses the CAB, so its justification must explain why it cannot wait for the next CAB: the major incident it restores or the actively exploited vulnerability it closes. Los cambios de emergencia sin justificación se rechazan en el ECAB.',
    },
    {
      id: 'CHG-REQ-005',
      title: 'Implementation plan is required',
      severity: 'blocker',
      check: { kind: 'required_field', params: { field: 'implementationPlan' } },
      description:
        'The implementation plan lists the steps in order, who performs each one, and the checkpoints at which the implementer decides to continue or back out.',
    },
    {
      id: 'CHG-REQ-006',
      title: 'Implementation plan has enough detail',
      severity: 'warning',
      appliesTo: { types: ['normal', 'emergency'] },
      check: { kind: 'min_length', params: { field: 'implementationPlan', minChars: 80 } },
      description:
        'A normal or emergency change needs an implementation plan detailed enough for another engineer of the same team to carry it out.',
    },
    {
      id: 'CHG-REQ-007',
      title: 'Backout plan is required',
      severity: 'blocker',
      check: { kind: 'required_field', params: { field: 'backoutPlan' } },
      description:
        'Every change must have a backout plan. A change without one is not authorised, whatever its type. Todo cambio debe incluir un plan de marcha atrás.',
    },
    {
      id: 'CHG-REQ-008',
      title: 'Backout plan restores service',
      severity: 'warning',
      check: {
        kind: 'semantic',
        params: { question: 'Does the backout plan say how service is restored, and roughly how long it takes?' },
      },
      description:
        'The backout plan must describe how the previous state is restored (snapshot, backup, previous version, configuration export), how long it takes, and when the decision to back out is made.',
    },
    {
      id: 'CHG-REQ-009',
      title: 'Test plan is required',
      severity: 'blocker',
      appliesTo: { types: ['normal', 'emergency'] },
      check: { kind: 'required_field', params: { field: 'testPlan' } },
      description: 'Normal and emergency changes must say how success is verified after implementation.',
    },
    {
      id: 'CHG-REQ-010',
      title: 'Test plan verifies the outcome',
      severity: 'warning',
      check: {
        kind: 'semantic',
        params: { question: 'Does the test plan say how success is verified after the change, and who confirms it?' },
      },
      description:
        'The post-implementation test must check the outcome users depend on (a transaction, a data flow, a login), not only that a process is running, and name who confirms it.',
    },
    {
      id: 'CHG-SCH-001',
      title: 'Planned window is valid',
      severity: 'blocker',
      check: { kind: 'planned_window', params: {} },
      description:
        'A change must have a planned start and end; the end must be after the start, and the start must be in the future when the change is submitted.',
    },
    {
      id: 'CHG-SCH-002',
      title: 'Lead time before the planned start',
      severity: 'blocker',
      appliesTo: { types: ['normal', 'standard'] },
      check: { kind: 'lead_time', params: { minHours: LEAD_TIME_HOURS } },
      description: `Normal changes must be submitted at least ${LEAD_TIME_HOURS.normal} hours before the planned start so the CAB can review them; standard changes at least ${LEAD_TIME_HOURS.standard} hours before. Los cambios normales se registran con al menos 72 horas de antelación.`,
    },
    {
      id: 'CHG-SCH-003',
      title: 'Year-end change freeze',
      severity: 'blocker',
      appliesTo: { types: ['normal', 'standard'], environments: ['production'] },
      check: {
        kind: 'freeze_window',
        params: { from: calendarDate(freeze.fromMs), to: calendarDate(freeze.toMs), name: 'Year-end change freeze' },
      },
      description: `No normal or standard changes to production between ${calendarDate(freeze.fromMs)} and ${calendarDate(freeze.toMs)}, when billing closes the year and winter peak load is highest. Only emergency changes approved by the ECAB are allowed.`,
    },
    {
      id: 'CHG-SCH-004',
      title: 'No conflicting change on the same CI',
      severity: 'warning',
      check: { kind: 'ci_conflict', params: {} },
      description:
        'Two changes must not be planned on the same configuration item in overlapping windows; coordinate with the owner of the other change or move the window.',
    },
    {
      id: 'CHG-SCH-005',
      title: 'Production windows stay short',
      severity: 'warning',
      appliesTo: { environments: ['production'], types: ['standard'] },
      check: { kind: 'max_duration', params: { maxHours: 8 } },
      description:
        'A standard change in production should fit in one maintenance window of at most 8 hours; longer work is a normal change.',
    },
    {
      id: 'CHG-RSK-001',
      title: 'Risk and impact are consistent',
      severity: 'warning',
      check: { kind: 'risk_impact_consistency', params: {} },
      description:
        'The risk must match the impact and the criticality of the CI: a change with high impact (1) on a most-critical production CI cannot be rated low risk.',
    },
    {
      id: 'CHG-RSK-002',
      title: 'Risk is assessed',
      severity: 'blocker',
      check: { kind: 'required_field', params: { field: 'risk' } },
      description: 'Every change must be given a risk rating (low, moderate, high or very high) by its owner.',
    },
    {
      id: 'CHG-RSK-003',
      title: 'Impact is assessed',
      severity: 'blocker',
      check: { kind: 'required_field', params: { field: 'impact' } },
      description:
        'Every change must state its impact (1 high, 2 medium, 3 low) on the business services that depend on the CI.',
    },
    {
      id: 'CHG-RSK-004',
      title: 'Risk and impact analysis for production',
      severity: 'blocker',
      appliesTo: { environments: ['production'], types: ['normal', 'emergency'] },
      check: { kind: 'required_field', params: { field: 'riskImpactAnalysis' } },
      description:
        'Normal and emergency changes to production must include a risk and impact analysis: what could go wrong, which services and customers are affected, and how the risk is reduced.',
    },
    {
      id: 'CHG-CI-001',
      title: 'Configuration item is identified',
      severity: 'blocker',
      check: { kind: 'required_field', params: { field: 'cmdbCi' } },
      description:
        'Every change must name the configuration item it changes, so impact and conflicts can be checked against the CMDB.',
    },
    {
      id: 'CHG-CI-002',
      title: 'Standard changes use a change model',
      severity: 'blocker',
      appliesTo: { types: ['standard'] },
      check: { kind: 'required_field', params: { field: 'chgModel' } },
      description:
        'A standard change is only pre-approved when it follows a standard change model of the catalogue; without a model it must be raised as a normal change.',
    },
    {
      id: 'CHG-ENV-001',
      title: 'Environment is stated',
      severity: 'warning',
      check: { kind: 'required_field', params: { field: 'environment' } },
      description:
        'The change must state the environment it touches (production, test, development, disaster recovery).',
    },
    {
      id: 'CHG-OT-001',
      title: 'SCADA changes keep grid control',
      severity: 'blocker',
      appliesTo: { changeModels: [model('scada_release'), model('rtu_config')] },
      check: {
        kind: 'semantic',
        params: {
          question:
            'Does the plan say how the grid control center keeps monitoring and control during the change (failover to standby, local control) and that the shift supervisor is informed?',
        },
      },
      description:
        'Changes to SCADA/EMS and substation RTUs must keep the grid observable and controllable: fail over to the standby server or put the substation in local control, inform the control center shift supervisor, and have a field crew available for RTU work. Los cambios en el SCADA se coordinan siempre con el jefe de turno del centro de control.',
    },
    {
      id: 'CHG-SAP-001',
      title: 'SAP transports are signed off in QA',
      severity: 'blocker',
      appliesTo: { changeModels: [model('sap_transport')] },
      check: {
        kind: 'semantic',
        params: {
          question:
            'Does the change say the transport was signed off in QA and is imported outside the billing batch window?',
        },
      },
      description:
        'SAP transports reach production only after sign-off in QA by the business key user, and are never imported while the billing batch is running.',
    },
    {
      id: 'CHG-SEC-001',
      title: 'Security remediation names the vulnerability',
      severity: 'warning',
      appliesTo: { changeModels: [model('security_emergency')] },
      check: {
        kind: 'semantic',
        params: { question: 'Does the change name the vulnerability (CVE or vendor advisory) it remediates?' },
      },
      description:
        'Emergency security changes must name the CVE or vendor advisory they remediate, so Security Operations can verify it is closed.',
    },
    {
      id: 'CHG-DB-001',
      title: 'Database upgrades start from a verified backup',
      severity: 'blocker',
      appliesTo: { changeModels: [model('db_upgrade')] },
      check: {
        kind: 'semantic',
        params: { question: 'Does the implementation plan take a full backup before the upgrade and verify it?' },
      },
      description:
        'A database upgrade starts only after a full backup has been taken and verified; the backout plan restores from that backup. Antes de un upgrade de base de datos se hace y se verifica una copia de seguridad completa.',
    },
  ];
  return rules.map((rule) => ValidationRuleSchema.parse(rule));
}
