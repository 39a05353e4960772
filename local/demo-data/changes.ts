import {
  type ChangeRequest,
  ChangeRequestSchema,
  type ChangeStateName,
  type Language,
} from '../../lambdas/shared/records';
import { applyFlaw, CHANGE_FLAWS, type ChangeDraft, type ChangeFlaw } from './change-flaws';
import { CHANGE_MODEL_SPECS, type ChangeModelKey, type ChangeModelSpec } from './change-model-catalog';
import { changeModelSysId } from './change-models';
import { changeSlots } from './change-slots';
import { APP_CHANGE_TEXT_EN } from './change-text-apps-en';
import { APP_CHANGE_TEXT_ES } from './change-text-apps-es';
import { INFRA_CHANGE_TEXT_EN } from './change-text-infra-en';
import { INFRA_CHANGE_TEXT_ES } from './change-text-infra-es';
import type { CmdbEntry } from './cmdb';
import { PEOPLE } from './people';
import { deriveSysId, fillTemplate, type Rng } from './prng';
import { yearEndFreeze } from './rules';
import type { ChangeText } from './template-types';
import { DAY_MS, HOUR_MS, toIso, toQuarterHour } from './time';

const CHANGE_TEXT: Record<Language, Record<Exclude<ChangeModelKey, 'mainframe_batch'>, ChangeText>> = {
  en: { ...INFRA_CHANGE_TEXT_EN, ...APP_CHANGE_TEXT_EN },
  es: { ...INFRA_CHANGE_TEXT_ES, ...APP_CHANGE_TEXT_ES },
};

/** A generated change with what later parts of the generator need to know about it. */
export interface GeneratedChange {
  readonly record: ChangeRequest;
  readonly entry: CmdbEntry;
  readonly modelKey: ChangeModelKey;
  /** The deliberate weakness of a draft, for validation to find; absent on sound changes. */
  readonly flaw?: ChangeFlaw;
}

/** What the change generator works from. */
export interface ChangeGenerationInput {
  readonly seed: number;
  readonly rng: Rng;
  readonly nowMs: number;
  readonly count: number;
  readonly entries: readonly CmdbEntry[];
  /** Share of changes written in Spanish. */
  readonly spanishShare: number;
}

// How often each model is used: routine patching dominates, as in any change calendar.
const MODEL_WEIGHT: Partial<Record<ChangeModelKey, number>> = {
  linux_patching: 6,
  windows_patching: 3,
  app_release: 4,
  firewall_rule: 3,
  security_emergency: 1.5,
  emergency_fix: 1,
  emergency_network: 0.5,
};

const STATE_WEIGHTS: readonly (readonly [Exclude<ChangeStateName, 'new'>, number])[] = [
  ['closed', 62],
  ['canceled', 5],
  ['review', 6],
  ['implement', 3],
  ['scheduled', 14],
  ['authorize', 5],
  ['assess', 5],
];

/**
 * Change requests across the last ~180 days and the next weeks: mostly closed, some in
 * flight, and drafts (state new), a share of them deliberately weak (one flaw each,
 * every kind of flaw at least once when there are enough drafts).
 */
export function generateChangeRequests(input: ChangeGenerationInput): GeneratedChange[] {
  const { rng, nowMs, count } = input;
  const targets = targetsByModel(input.entries);
  const draftCount = Math.min(count, Math.max(CHANGE_FLAWS.length, Math.round(count * 0.2)));
  const weakCount = Math.min(draftCount, Math.max(CHANGE_FLAWS.length, Math.round(count * 0.1)));
  const drafts: ChangeDraft[] = [];

  for (let index = 0; index < count; index += 1) {
    const isDraft = index >= count - draftCount;
    const flaw =
      isDraft && index - (count - draftCount) < weakCount
        ? CHANGE_FLAWS[(index - (count - draftCount)) % CHANGE_FLAWS.length]
        : undefined;
    const state: ChangeStateName = isDraft ? 'new' : rng.weighted(STATE_WEIGHTS);
    // A planted conflict reuses the CI of a change already planned.
    const conflictWith = flaw === 'ci_conflict' ? pickPlanned(rng, drafts, nowMs) : undefined;
    const spec = pickModel(rng, targets, flaw, conflictWith?.entry);
    const candidates =
      conflictWith === undefined ? (targets.get(spec.key as ChangeModelKey) ?? []) : [conflictWith.entry];
    const critical = flaw === 'risk_impact_mismatch' || flaw === 'in_freeze_window';
    const entry = rng.pick(critical ? preferCritical(candidates) : candidates);
    const language: Language = rng.chance(input.spanishShare) ? 'es' : 'en';
    const draft = buildChange(input, index, spec, entry, state, language);
    if (flaw !== undefined) applyFlaw(draft, flaw, { rng, nowMs, freeze: yearEndFreeze(nowMs), conflictWith });
    drafts.push(draft);
  }

  // Sound drafts must not trip a rule by accident; checked once every change exists.
  for (const draft of drafts) {
    if (draft.fields.state === 'new' && draft.flaw === undefined) {
      keepClear(
        draft,
        drafts.filter((other) => other !== draft),
        yearEndFreeze(nowMs),
      );
    }
  }

  // Numbered in the order they were raised, as ServiceNow numbers them.
  const ordered = [...drafts].sort((a, b) => a.createdMs - b.createdMs || a.index - b.index);
  return ordered.map((draft, position) => ({
    record: ChangeRequestSchema.parse({ ...draft.fields, number: `CHG${String(30001 + position).padStart(7, '0')}` }),
    entry: draft.entry,
    modelKey: draft.modelKey,
    ...(draft.flaw === undefined ? {} : { flaw: draft.flaw }),
  }));
}

function buildChange(
  input: ChangeGenerationInput,
  index: number,
  spec: ChangeModelSpec,
  entry: CmdbEntry,
  state: ChangeStateName,
  language: Language,
): ChangeDraft {
  const { rng, nowMs } = input;
  const key = spec.key as ChangeModelKey;
  const emergency = spec.changeType === 'emergency';
  const durationMs = emergency ? rng.int(1, 3) * HOUR_MS : rng.int(2, 12) * 30 * 60_000;
  let startMs = plannedStart(rng, nowMs, state, emergency);
  // Finished work ended before now, however late its window ran.
  const finished = state === 'closed' || state === 'canceled' || state === 'review';
  while (finished && startMs + durationMs > nowMs - HOUR_MS) startMs -= DAY_MS;
  // Raised some days ahead (hours for an emergency), and always before now.
  const leadMs = emergency ? rng.int(1, 5) * HOUR_MS : rng.int(4, 15) * DAY_MS;
  const createdMs = Math.min(startMs - leadMs, nowMs - rng.int(1, 240) * HOUR_MS);
  const endMs = startMs + durationMs;
  const updatedMs = Math.min(
    nowMs,
    state === 'closed' || state === 'canceled'
      ? endMs + rng.int(2, 72) * HOUR_MS
      : createdMs + Math.floor(rng.next() * Math.min(48 * HOUR_MS, nowMs - createdMs)),
  );
  const text = CHANGE_TEXT[language][key as Exclude<ChangeModelKey, 'mainframe_batch'>];
  const slots = changeSlots(key, entry, input.entries, language, startMs, rng);
  const fill = (template: string) => fillTemplate(template, slots);
  const variant = rng.int(0, Math.max(text.short.length, text.description.length) - 1);
  const production = entry.ci.environment === 'production' || entry.ci.environment === 'disaster_recovery';
  const critical = entry.ci.businessCriticality === '1_most_critical';
  return {
    index,
    entry,
    modelKey: key,
    createdMs,
    fields: {
      sysId: deriveSysId(input.seed, 'change_request', String(index)),
      // The n-th short description goes with the n-th description: they describe one variant.
      shortDescription: fill(text.short[variant % text.short.length] as string),
      description: fill(text.description[variant % text.description.length] as string),
      type: spec.changeType,
      state,
      chgModel: changeModelSysId(input.seed, key),
      cmdbCi: entry.ci.sysId,
      environment: entry.ci.environment,
      risk: emergency
        ? critical
          ? 'very_high'
          : 'high'
        : spec.changeType === 'standard'
          ? 'low'
          : production && critical
            ? 'high'
            : 'moderate',
      // Standard changes are pre-approved because their impact is contained.
      impact: !production ? 3 : spec.changeType === 'standard' ? (critical ? 2 : 3) : critical ? 1 : 2,
      category: categoryOf(spec.technologyFamily),
      assignmentGroup: entry.ci.supportGroup,
      requestedBy: rng.pick(PEOPLE[language]),
      justification: fill(rng.pick(text.justification)),
      implementationPlan: fill(text.implementation),
      backoutPlan: fill(text.backout),
      testPlan: fill(text.test),
      riskImpactAnalysis: fill(text.risk),
      startDate: toIso(startMs),
      endDate: toIso(endMs),
      language,
      sysUpdatedOn: toIso(updatedMs),
    },
  };
}

function plannedStart(rng: Rng, nowMs: number, state: ChangeStateName, emergency: boolean): number {
  // Planned work starts in the evening or night window; emergencies whenever they must.
  const hour = emergency ? rng.int(0, 23) : rng.pick([20, 21, 22, 23, 0, 1, 6]);
  const at = (dayOffset: number) => {
    const day = Math.floor(nowMs / DAY_MS) + dayOffset;
    return toQuarterHour(day * DAY_MS + hour * HOUR_MS + rng.int(0, 3) * 15 * 60_000);
  };
  switch (state) {
    case 'closed':
    case 'canceled':
      return at(-rng.int(3, 178));
    case 'review':
      return at(-rng.int(1, 4));
    case 'implement':
      return toQuarterHour(nowMs - rng.int(1, 3) * HOUR_MS);
    case 'new':
      return at(rng.int(5, 30));
    default:
      return at(rng.int(3, 40));
  }
}

function categoryOf(technologyFamily: string): string {
  if (technologyFamily === 'network' || technologyFamily === 'database' || technologyFamily === 'security') {
    return technologyFamily;
  }
  return technologyFamily === 'infrastructure' ? 'hardware' : 'software';
}

function targetsByModel(entries: readonly CmdbEntry[]): Map<ChangeModelKey, CmdbEntry[]> {
  const targets = new Map<ChangeModelKey, CmdbEntry[]>();
  for (const spec of CHANGE_MODEL_SPECS as readonly ChangeModelSpec[]) {
    if (spec.active === false) continue;
    const fits = entries.filter(
      (entry) =>
        spec.ciKinds.includes(entry.kind) &&
        (spec.systems === undefined || (entry.system !== null && spec.systems.includes(entry.system))) &&
        entry.ci.environment !== null &&
        spec.environments.includes(entry.ci.environment),
    );
    if (fits.length > 0) targets.set(spec.key as ChangeModelKey, fits);
  }
  return targets;
}

function pickModel(
  rng: Rng,
  targets: ReadonlyMap<ChangeModelKey, CmdbEntry[]>,
  flaw: ChangeFlaw | undefined,
  onEntry: CmdbEntry | undefined,
): ChangeModelSpec {
  const specs = (CHANGE_MODEL_SPECS as readonly ChangeModelSpec[]).filter((spec) => {
    const fits = targets.get(spec.key as ChangeModelKey);
    if (fits === undefined || (onEntry !== undefined && !fits.includes(onEntry))) return false;
    if (flaw === 'emergency_without_justification') return spec.changeType === 'emergency';
    if (flaw === 'short_lead_time' || flaw === 'risk_impact_mismatch') return spec.changeType === 'normal';
    // Other flaws stay on non-emergency changes, so the flaw is the only thing wrong.
    if (flaw !== undefined) return spec.changeType !== 'emergency';
    return true;
  });
  return rng.weighted(specs.map((spec) => [spec, MODEL_WEIGHT[spec.key as ChangeModelKey] ?? 1] as const));
}

// A planted conflict overlaps a change already through assessment, else a sound draft.
function pickPlanned(rng: Rng, drafts: readonly ChangeDraft[], nowMs: number): ChangeDraft | undefined {
  const planned = drafts.filter(
    (draft) =>
      Date.parse(draft.fields.startDate ?? '') > nowMs && draft.flaw === undefined && draft.fields.type !== 'emergency',
  );
  const approved = planned.filter((draft) => draft.fields.state !== 'new');
  const pool = approved.length > 0 ? approved : planned;
  return pool.length === 0 ? undefined : rng.pick(pool);
}

function preferCritical(candidates: readonly CmdbEntry[]): readonly CmdbEntry[] {
  const critical = candidates.filter(
    (entry) => entry.ci.environment === 'production' && entry.ci.businessCriticality === '1_most_critical',
  );
  const production = candidates.filter((entry) => entry.ci.environment === 'production');
  return critical.length > 0 ? critical : production.length > 0 ? production : candidates;
}

// A sound draft must not trip a rule by accident: move it out of the freeze and off
// other changes' windows on the same CI.
function keepClear(draft: ChangeDraft, others: readonly ChangeDraft[], freeze: { fromMs: number; toMs: number }): void {
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const start = Date.parse(draft.fields.startDate as string);
    const end = Date.parse(draft.fields.endDate as string);
    const inFreeze = start < freeze.toMs && end > freeze.fromMs;
    const clash = others.some((other) => other.fields.cmdbCi === draft.fields.cmdbCi && overlaps(other, start, end));
    if (!inFreeze && !clash) return;
    const shift = inFreeze ? freeze.toMs - start + 2 * DAY_MS : 7 * DAY_MS;
    draft.fields.startDate = toIso(start + shift);
    draft.fields.endDate = toIso(end + shift);
  }
}

function overlaps(other: ChangeDraft, startMs: number, endMs: number): boolean {
  const otherStart = Date.parse(other.fields.startDate ?? '');
  const otherEnd = Date.parse(other.fields.endDate ?? '');
  return otherStart < endMs && otherEnd > startMs;
}
