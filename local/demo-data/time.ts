/** Time arithmetic for the demo dataset, in whole milliseconds from a fixed `now`. */

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;
/** One hour in milliseconds. */
export const HOUR_MS = 60 * MINUTE_MS;
/** One day in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;

/** The demo dataset's default "now", fixed so the output never depends on the wall clock. */
export const DEFAULT_NOW = new Date('2026-11-01T00:00:00Z');

/** ISO 8601 in UTC, to the second, as ServiceNow's normalised records carry it. */
export function toIso(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** "HH:MM" in UTC. */
export function clockTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 16);
}

/** "YYYY-MM-DD" in UTC. */
export function calendarDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Rounds down to a quarter hour, as people schedule changes. */
export function toQuarterHour(epochMs: number): number {
  return Math.floor(epochMs / (15 * MINUTE_MS)) * 15 * MINUTE_MS;
}
