import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHashingEmbedder } from '../../lambdas/shared/embeddings';
import {
  createInference,
  createMemoryLedger,
  createOfflineProvider,
  estimateCostUsd,
  LOCAL_MODEL_ALIASES,
  LOCAL_PRICE_TABLE,
} from '../../lambdas/shared/inference';
import { SHARED_DATA } from './helpers';

const HAIKU = { inputUsdPerMTok: 0.8, outputUsdPerMTok: 4 };

/**
 * The whole gateway path on real records: summarise and judge every PDI demo incident
 * through `createInference` (offline provider, in-memory ledger), then price the
 * recorded tokens as if the alias named Claude 3.5 Haiku.
 */
export async function evaluateAccounting(): Promise<string> {
  const file = join(SHARED_DATA, 'servicenow-pdi-demo-records/incident.json');
  if (!existsSync(file)) return 'gateway accounting: ../shared/data absent, skipped';
  const incidents = (JSON.parse(readFileSync(file, 'utf8')) as { result: Array<Record<string, string>> }).result;
  const ledger = createMemoryLedger();
  const inference = createInference({
    settings: {
      aliases: LOCAL_MODEL_ALIASES,
      prices: LOCAL_PRICE_TABLE,
      budgets: { aliases: {}, agents: {} },
      timeoutMs: 5000,
    },
    providers: { offline: createOfflineProvider({ embedder: createHashingEmbedder({ dimension: 256 }) }) },
    ledger,
    metrics: { record: () => undefined },
  });
  let ok = 0;
  for (const incident of incidents) {
    const who = { agent: 'eval', requestId: incident.number ?? 'INC', alias: 'fast' };
    const text = `${incident.short_description ?? ''}. ${incident.description ?? ''}`;
    const summary = await inference.summarise({ ...who, text, maxSentences: 2 });
    const rule = await inference.judge({
      ...who,
      rule: 'The incident names an affected configuration item',
      text,
      requiredPatterns: ['server|servidor|printer|laptop|sap|email|exchange|network|wifi|vpn'],
    });
    ok += Number(summary.ok) + Number(rule.ok);
  }
  const input = ledger.calls.reduce((sum, c) => sum + c.inputTokens, 0);
  const output = ledger.calls.reduce((sum, c) => sum + c.outputTokens, 0);
  return `gateway accounting (offline, PDI incidents): ${ledger.calls.length} calls recorded, ${ok} answered; ~${input} input / ~${output} output tokens (estimated, 4 chars a token); $0 at the offline price, $${estimateCostUsd(HAIKU, input, output).toFixed(4)} at Claude 3.5 Haiku's`;
}
