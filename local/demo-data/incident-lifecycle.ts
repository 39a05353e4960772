import type { Incident } from '../../lambdas/shared/records';
import type { Rng } from './prng';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time';

/** Where an incident is in its life at `now`, and when it got there. */
export interface IncidentLifecycle {
  readonly state: Incident['state'];
  readonly resolvedMs: number | null;
  readonly updatedMs: number;
  readonly closeCode: string | null;
}

// ServiceNow closes a resolved incident after a week without reopening.
const AUTO_CLOSE_MS = 7 * DAY_MS;

// How long a fix takes, by priority: [min, max] hours.
const RESOLUTION_HOURS: Record<number, readonly [number, number]> = {
  1: [1, 6],
  2: [2, 16],
  3: [4, 72],
  4: [8, 168],
  5: [24, 240],
};

const CLOSE_CODES: readonly (readonly [string, number])[] = [
  ['Solved (Permanently)', 75],
  ['Solved (Work Around)', 25],
];

/**
 * The state an incident opened at `openedMs` has reached by `nowMs`: old ones are
 * closed, recent ones resolved or still being worked, the newest still new.
 * `forceOpen` keeps it unresolved (an ongoing event).
 */
export function incidentLifecycle(
  rng: Rng,
  openedMs: number,
  priority: number,
  nowMs: number,
  forceOpen = false,
): IncidentLifecycle {
  const ageMs = nowMs - openedMs;
  const touchedMs = Math.min(nowMs, openedMs + rng.int(5, 90) * MINUTE_MS);
  if (!forceOpen && ageMs > DAY_MS && rng.chance(0.03)) {
    return { state: 'canceled', resolvedMs: null, updatedMs: touchedMs, closeCode: null };
  }
  const [minHours, maxHours] = RESOLUTION_HOURS[priority] ?? [4, 72];
  const resolvedMs = openedMs + rng.int(minHours * 60, maxHours * 60) * MINUTE_MS;
  if (forceOpen || resolvedMs > nowMs) {
    const state = ageMs < 2 * HOUR_MS && rng.chance(0.5) ? 'new' : rng.chance(0.85) ? 'in_progress' : 'on_hold';
    return { state, resolvedMs: null, updatedMs: state === 'new' ? openedMs : touchedMs, closeCode: null };
  }
  const closeCode = rng.weighted(CLOSE_CODES);
  if (nowMs - resolvedMs > AUTO_CLOSE_MS) {
    return { state: 'closed', resolvedMs, updatedMs: resolvedMs + AUTO_CLOSE_MS, closeCode };
  }
  return { state: 'resolved', resolvedMs, updatedMs: resolvedMs, closeCode };
}
