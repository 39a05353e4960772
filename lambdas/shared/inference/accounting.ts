import { recordModelCalls } from '../db/agent-runs';
import { getInferenceSpend, type SpendScope } from '../db/inference-spend';
import type { Queryable } from '../db/pool';
import type { OperationKind } from './operations/operation';
import type { GuardrailIntervention } from './providers/provider';
import type { ModelPrice, ModelProvider } from './settings';

/** Everything recorded about one provider call (retries and fallbacks are calls too). */
export interface InferenceCallRecord {
  /** The job's correlation id. */
  readonly requestId: string;
  readonly agent: string;
  readonly alias: string;
  readonly provider: ModelProvider;
  readonly modelId: string;
  readonly operation: OperationKind;
  /** sha256 of the operation request (see `hashAgentInput`). */
  readonly inputHash: string;
  /** The raw answer (null when the call failed). */
  readonly output: unknown;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly latencyMs: number;
  readonly status: 'succeeded' | 'failed';
  readonly error: string | null;
  readonly guardrail: GuardrailIntervention | null;
  /** The UTC day the spend counts against, `YYYY-MM-DD`. */
  readonly day: string;
}

/** Where calls are recorded and budgets read. */
export interface InferenceLedger {
  /** US dollars spent by an alias or agent on a UTC day. */
  spent(day: string, scope: SpendScope, name: string): Promise<number>;
  /** Records the call in the audit trail and adds it to its alias's and agent's day. */
  record(call: InferenceCallRecord): Promise<void>;
}

/** The ledger in PostgreSQL: `agent_runs` (audit, migration 012) and `inference_spend` (budgets, migration 013). */
export function createPostgresLedger(db: Queryable): InferenceLedger {
  return {
    spent: async (day, scope, name) => (await getInferenceSpend(db, day, scope, name)).spentUsd,
    async record(call) {
      await recordModelCalls(db, [call]);
    },
  };
}

/** A ledger in memory, for tools with no database (the eval); budgets hold for the process only. */
export function createMemoryLedger(): InferenceLedger & { readonly calls: readonly InferenceCallRecord[] } {
  const calls: InferenceCallRecord[] = [];
  const totals = new Map<string, number>();
  return {
    calls,
    spent: async (day, scope, name) => totals.get(`${day}|${scope}|${name}`) ?? 0,
    async record(call) {
      calls.push(call);
      for (const key of [`${call.day}|alias|${call.alias}`, `${call.day}|agent|${call.agent}`])
        totals.set(key, (totals.get(key) ?? 0) + call.costUsd);
    },
  };
}

/** The cost of a call by the price table (US dollars per million tokens). */
export function estimateCostUsd(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputUsdPerMTok + outputTokens * price.outputUsdPerMTok) / 1_000_000;
}

/** The UTC day of an instant, `YYYY-MM-DD`: budgets reset at 00:00 UTC. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
