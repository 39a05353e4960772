import type { z } from 'zod';
import type { ChangeRequestSchema } from '../../lambdas/shared/records';
import type { ChangeModelKey } from './change-model-catalog';
import type { CmdbEntry } from './cmdb';
import type { Rng } from './prng';
import { DAY_MS, HOUR_MS, toIso, toQuarterHour } from './time';

/** The weaknesses planted in draft changes, one per weak draft, for validation to find. */
export const CHANGE_FLAWS = [
  'missing_backout',
  'short_description',
  'start_in_past',
  'end_before_start',
  'emergency_without_justification',
  'missing_test_plan',
  'risk_impact_mismatch',
  'short_lead_time',
  'in_freeze_window',
  'ci_conflict',
  'missing_ci',
] as const;
/** One kind of planted weakness. */
export type ChangeFlaw = (typeof CHANGE_FLAWS)[number];

/** A change being generated: record fields still open to edits, plus generator facts. */
export interface ChangeDraft {
  readonly index: number;
  readonly entry: CmdbEntry;
  readonly modelKey: ChangeModelKey;
  readonly createdMs: number;
  fields: Omit<z.input<typeof ChangeRequestSchema>, 'number'>;
  flaw?: ChangeFlaw;
}

/** What planting a flaw may need besides the draft. */
export interface FlawContext {
  readonly rng: Rng;
  readonly nowMs: number;
  readonly freeze: { readonly fromMs: number; readonly toMs: number };
  /** For a planted conflict: the planned change on the same CI to overlap. */
  readonly conflictWith?: ChangeDraft | undefined;
}

const VAGUE_DESCRIPTIONS = {
  en: ['Patch {ci}.', 'Update {ci} as discussed.', 'Config change on {ci}'],
  es: ['Parchear {ci}.', 'Actualizar {ci} según lo hablado.', 'Cambio de config en {ci}'],
} as const;

/** Plants one flaw in a draft change. */
export function applyFlaw(draft: ChangeDraft, flaw: ChangeFlaw, context: FlawContext): void {
  const { rng, nowMs } = context;
  const fields = draft.fields;
  const start = Date.parse(fields.startDate ?? '');
  const end = Date.parse(fields.endDate ?? '');
  const durationMs = end - start;
  draft.flaw = flaw;
  switch (flaw) {
    case 'missing_backout':
      fields.backoutPlan = '';
      break;
    case 'short_description': {
      const language = fields.language === 'es' ? 'es' : 'en';
      fields.description = rng.pick(VAGUE_DESCRIPTIONS[language]).replace('{ci}', draft.entry.ci.name);
      break;
    }
    case 'start_in_past': {
      const pastStart = toQuarterHour(nowMs - rng.int(1, 3) * DAY_MS);
      fields.startDate = toIso(pastStart);
      fields.endDate = toIso(pastStart + durationMs);
      break;
    }
    case 'end_before_start':
      fields.endDate = toIso(start - rng.int(1, 3) * HOUR_MS);
      break;
    case 'emergency_without_justification':
      fields.justification = '';
      break;
    case 'missing_test_plan':
      fields.testPlan = '';
      break;
    case 'risk_impact_mismatch':
      fields.risk = 'low';
      fields.impact = 1;
      break;
    case 'short_lead_time': {
      const soon = toQuarterHour(nowMs + rng.int(6, 30) * HOUR_MS);
      fields.startDate = toIso(soon);
      fields.endDate = toIso(soon + durationMs);
      break;
    }
    case 'in_freeze_window': {
      const inFreeze = toQuarterHour(context.freeze.fromMs + rng.int(2, 10) * DAY_MS + 22 * HOUR_MS);
      fields.startDate = toIso(inFreeze);
      fields.endDate = toIso(inFreeze + durationMs);
      break;
    }
    case 'ci_conflict': {
      // Starts half an hour into the window of a change already planned on the same CI.
      if (context.conflictWith === undefined) {
        delete draft.flaw;
        break;
      }
      const overlapStart = Date.parse(context.conflictWith.fields.startDate ?? '') + 30 * 60_000;
      fields.startDate = toIso(overlapStart);
      fields.endDate = toIso(overlapStart + durationMs);
      break;
    }
    case 'missing_ci':
      fields.cmdbCi = null;
      break;
  }
}
