import { performance } from 'node:perf_hooks';
import { ROLES } from '../../lambdas/api/auth';
import type { Queryable } from '../../lambdas/shared/db/pool';
import { findSimilar } from '../../lambdas/shared/db/similar';
import { authHeader, createTestApp, createTestKey } from '../fixtures/api/app';
import { jsonPost } from '../fixtures/api/records';
import {
  ASSISTANT_EMBEDDING_DIMENSION,
  assistantEmbedder,
  loadDemoCatalogue,
  modelId,
} from '../fixtures/assistant/catalogue';
import { createTestAssistant, type TurnView } from '../fixtures/assistant/conversation';
import { LABELLED_REQUESTS, type LabelledRequest } from '../fixtures/assistant/labelled-requests';
import { startTestDatabase } from '../fixtures/db/database';
import { type Bench, percentile, printTable, readIntegerFlags } from './bench';

/**
 * The change model assistant on PGlite with the offline provider: message round trip
 * through the app (one statement reads the session with its messages, slots extracted
 * through the inference layer with its ledger, one pgvector search that also reads the
 * catalogue version, one statement stores message, reply and state) at 1 and 8
 * concurrent clients, with the SQL statements per message;
 * and recommendation quality (top-1 / top-3) on the labelled requests in
 * test/fixtures/assistant, beside a baseline ranking models by vector similarity alone.
 */
export const assistantBench: Bench = {
  name: 'assistant',
  description:
    'change model assistant: message round trip (p50/p95 at 1 and 8 clients), top-1/top-3 vs similarity only',
  async run(args) {
    const flags = readIntegerFlags(args, { messages: 96 });
    const db = await startTestDatabase({ embeddingDimension: ASSISTANT_EMBEDDING_DIMENSION });
    try {
      await loadDemoCatalogue(db.pool);
      const key = await createTestKey();
      const headers = await authHeader(key, [ROLES.assistant]);
      // Counts the statements of the message round trips (not the sessions opened).
      let statements = 0;
      const counted = {
        query: (text: string, values?: unknown[]) => {
          if (!text.startsWith('INSERT INTO assistant_sessions')) statements += 1;
          return db.pool.query(text, values);
        },
      } as Queryable;
      const app = createTestApp(key, { db: counted, assistant: createTestAssistant(counted) });

      const post = async (path: string, body: unknown) => {
        const res = await app.request(path, jsonPost(body, headers));
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
        return res.json();
      };
      const converse = async (request: LabelledRequest, latencies?: number[]): Promise<TurnView | undefined> => {
        const session = (await post('/v1/assistant/sessions', { language: request.language })) as { id: string };
        let last: TurnView | undefined;
        for (const content of request.messages) {
          const started = performance.now();
          last = (await post(`/v1/assistant/sessions/${session.id}/messages`, { content })) as TurnView;
          latencies?.push(performance.now() - started);
        }
        return last;
      };

      // Warm-up: the catalogue cache, JIT, the pool.
      for (const request of LABELLED_REQUESTS.slice(0, 4)) await converse(request);

      const rows: string[][] = [];
      for (const clients of [1, 8]) {
        const latencies: number[] = [];
        let next = 0;
        statements = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: clients }, async () => {
            while (latencies.length < flags.messages) {
              const request = LABELLED_REQUESTS[next++ % LABELLED_REQUESTS.length] as LabelledRequest;
              await converse(request, latencies);
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        rows.push([
          String(clients),
          String(latencies.length),
          percentile(latencies, 0.5).toFixed(1),
          percentile(latencies, 0.95).toFixed(1),
          (latencies.length / seconds).toFixed(1),
          (statements / latencies.length).toFixed(1),
        ]);
      }
      console.log('Message round trip (offline provider, PGlite, app.request in-process); target p50 ≤ 200 ms\n');
      printTable(['clients', 'messages', 'p50 ms', 'p95 ms', 'messages/s', 'SQL/message'], rows);

      const embedder = assistantEmbedder();
      const quality = { en: newTally(), es: newTally() };
      const baseline = { en: newTally(), es: newTally() };
      const misses: string[] = [];
      for (const request of LABELLED_REQUESTS) {
        const expected = modelId(request.expected);
        const turn = await converse(request);
        const ids = (turn?.recommendations ?? []).map((r) => r.sysId);
        count(quality[request.language], ids, expected);
        if (ids[0] !== expected)
          misses.push(`${request.language} ${request.expected}: ${request.messages.join(' / ')}`);
        const [vector] = await embedder.embed([request.messages.join('\n')]);
        const similar = await findSimilar(db.pool, {
          table: 'change_models',
          embedding: vector as number[],
          k: 3,
          filters: { active: true },
        });
        count(
          baseline[request.language],
          similar.map((s) => s.id),
          expected,
        );
      }
      console.log(
        `\nRecommendation quality on ${LABELLED_REQUESTS.length} labelled requests (test/fixtures/assistant)\n`,
      );
      printTable(
        ['ranking', 'language', 'requests', 'top-1', 'top-3'],
        (['en', 'es'] as const).flatMap((language) => [
          ['assistant (slots + pgvector)', language, ...figures(quality[language])],
          ['baseline (text similarity only)', language, ...figures(baseline[language])],
        ]),
      );
      if (misses.length > 0) console.log(`\nTop-1 misses:\n  ${misses.join('\n  ')}`);
    } finally {
      await db.stop();
    }
  },
};

interface Tally {
  total: number;
  top1: number;
  top3: number;
}

function newTally(): Tally {
  return { total: 0, top1: 0, top3: 0 };
}

function count(tally: Tally, ids: readonly string[], expected: string): void {
  tally.total += 1;
  if (ids[0] === expected) tally.top1 += 1;
  if (ids.slice(0, 3).includes(expected)) tally.top3 += 1;
}

function figures(tally: Tally): string[] {
  const pct = (n: number) => `${((100 * n) / tally.total).toFixed(0)}% (${n})`;
  return [String(tally.total), pct(tally.top1), pct(tally.top3)];
}
