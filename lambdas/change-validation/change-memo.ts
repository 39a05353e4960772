import type { ChangeRequest } from '../shared/records';

/** How many jobs' changes a process keeps (a job's delivery never changes). */
export const CHANGE_MEMO_SIZE = 256;

/**
 * The change each recent job validates, parsed once per process: where the four agents
 * run in one process (locally), the later steps skip reading and parsing the delivery.
 */
export interface ChangeMemo {
  get(validationId: string): ChangeRequest | undefined;
  set(validationId: string, change: ChangeRequest): void;
}

/** A memo keeping the most recent {@link CHANGE_MEMO_SIZE} jobs' changes. */
export function createChangeMemo(size = CHANGE_MEMO_SIZE): ChangeMemo {
  const changes = new Map<string, ChangeRequest>();
  return {
    get: (validationId) => changes.get(validationId),
    set(validationId, change) {
      changes.delete(validationId);
      changes.set(validationId, change);
      if (changes.size > size) changes.delete(changes.keys().next().value as string);
    },
  };
}
