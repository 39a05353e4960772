import type { InferenceCallRecord, InferenceLedger } from '../shared/inference';
import { createBufferedLedger } from '../shared/inference/ledger-buffer';
import { INCIDENT_AGENTS } from './policy';

/**
 * Where the agents run in the solver's process (the local runtime), the model calls
 * of an enrichment that cost nothing are held and stored with its outcome, in the
 * statement that ends the job, instead of one statement per call.
 */
export interface HeldCalls {
  /** The ledger the agents' inference records through. */
  readonly ledger: InferenceLedger;
  /** Starts holding the free calls made for this correlation id. */
  hold(correlationId: string): void;
  /**
   * Returns the held calls of this correlation id and stops holding: a call that comes
   * later (an agent the solver stopped waiting for) is recorded at once.
   */
  release(correlationId: string): InferenceCallRecord[];
}

/**
 * Holds the free calls of the five incident agents ({@link createBufferedLedger}: a
 * priced call is recorded at once, so the daily budgets see it before the next) while
 * their enrichment is open; every other call goes straight to `inner`.
 */
export function createHeldCalls(inner: InferenceLedger): HeldCalls {
  const buffered = createBufferedLedger(inner, INCIDENT_AGENTS);
  // Open enrichments per correlation id (a caller may reuse one across deliveries).
  const open = new Map<string, number>();
  return {
    ledger: {
      spent: (day, scope, name) => inner.spent(day, scope, name),
      record: (call) => (open.has(call.requestId) ? buffered.record(call) : inner.record(call)),
    },
    hold(correlationId) {
      open.set(correlationId, (open.get(correlationId) ?? 0) + 1);
    },
    release(correlationId) {
      const left = (open.get(correlationId) ?? 1) - 1;
      if (left > 0) open.set(correlationId, left);
      else open.delete(correlationId);
      return INCIDENT_AGENTS.flatMap((agent) => buffered.take(correlationId, agent));
    },
  };
}
