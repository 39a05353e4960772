import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantResponder } from '../../../lambdas/api/assistant/responder';
import { ROLES } from '../../../lambdas/api/auth';
import {
  createAssistantSession,
  loadAssistantConversation,
  recordAssistantTurn,
} from '../../../lambdas/shared/db/assistant-sessions';
import type { Queryable } from '../../../lambdas/shared/db/pool';
import type { LocalSigningKey } from '../../../local/auth/local-key';
import { authHeader, createTestApp, createTestKey } from '../../fixtures/api/app';
import { jsonPost } from '../../fixtures/api/records';
import { ASSISTANT_EMBEDDING_DIMENSION, loadDemoCatalogue, modelId } from '../../fixtures/assistant/catalogue';
import { converse, createTestAssistant } from '../../fixtures/assistant/conversation';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';

// How a turn is read and stored: PGlite, the real app and the offline assistant.
let db: TestDatabase;
let key: LocalSigningKey;
let headers: Record<string, string>;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: ASSISTANT_EMBEDDING_DIMENSION });
  await loadDemoCatalogue(db.pool);
  key = await createTestKey();
  headers = await authHeader(key, [ROLES.assistant]);
});
afterAll(async () => {
  await db.stop();
});

/** The pool, with every statement's text kept. */
function recordingDb(): Queryable & { readonly statements: string[] } {
  const statements: string[] = [];
  const query = (text: unknown, values?: unknown) => {
    statements.push(typeof text === 'string' ? text : String((text as { text: string }).text));
    return db.pool.query(text as string, values as unknown[]);
  };
  return { statements, query } as unknown as Queryable & { readonly statements: string[] };
}

async function openSession(): Promise<string> {
  return (await createAssistantSession(db.pool, { subject: 'someone', language: 'en', ttlSeconds: 600 })).id;
}

describe('recordAssistantTurn', () => {
  it('stores the message, then the reply, and the session state in one statement', async () => {
    // arrange
    const sessionId = await openSession();
    const recording = recordingDb();
    // act
    const recorded = await recordAssistantTurn(recording, {
      sessionId,
      content: 'Upgrade the Oracle database',
      correlationId: 'req-1',
      reply: 'In which environment?',
      slots: { technologyFamily: 'database', objective: 'upgrade' },
      recommendations: [],
    });
    // assert
    expect(recording.statements).toHaveLength(1);
    expect(recorded.created).toBe(true);
    if (!recorded.created) return;
    expect(recorded.message).toMatchObject({ role: 'user', content: 'Upgrade the Oracle database' });
    expect(recorded.reply).toMatchObject({ role: 'assistant', content: 'In which environment?' });
    expect(recorded.reply?.id).toBeGreaterThan(recorded.message.id);
    expect(recorded.session.slots).toEqual({ technologyFamily: 'database', objective: 'upgrade' });
    const stored = await loadAssistantConversation(db.pool, sessionId);
    expect(stored?.messages.map((m) => [m.role, m.correlationId])).toEqual([
      ['user', 'req-1'],
      ['assistant', 'req-1'],
    ]);
  });

  it('writes nothing when the Idempotency-Key was already used in the session', async () => {
    // arrange
    const sessionId = await openSession();
    const turn = {
      sessionId,
      content: 'production',
      correlationId: 'req-1',
      idempotencyKey: 'msg-1',
      reply: 'Noted.',
      slots: { environment: 'production' },
      recommendations: null,
    };
    await recordAssistantTurn(db.pool, turn);
    // act
    const again = await recordAssistantTurn(db.pool, { ...turn, reply: 'Other', slots: { environment: 'test' } });
    // assert
    expect(again).toEqual({ created: false });
    const stored = await loadAssistantConversation(db.pool, sessionId);
    expect(stored?.messages.map((m) => m.content)).toEqual(['production', 'Noted.']);
    expect(stored?.session.slots).toEqual({ environment: 'production' });
  });

  it('keeps the slots and recommendations when the turn brings none', async () => {
    // arrange
    const sessionId = await openSession();
    await recordAssistantTurn(db.pool, {
      sessionId,
      content: 'a database',
      correlationId: null,
      reply: 'ok',
      slots: { technologyFamily: 'database' },
      recommendations: [{ rank: 1 }],
    });
    // act
    const recorded = await recordAssistantTurn(db.pool, {
      sessionId,
      content: 'hello?',
      correlationId: null,
      reply: null,
      slots: null,
      recommendations: null,
    });
    // assert
    expect(recorded).toMatchObject({
      created: true,
      reply: null,
      session: { slots: { technologyFamily: 'database' }, recommendations: [{ rank: 1 }] },
    });
  });
});

describe('loadAssistantConversation', () => {
  it('returns null for a session that does not exist', async () => {
    // act
    const conversation = await loadAssistantConversation(db.pool, '00000000-0000-4000-8000-000000000000');
    // assert
    expect(conversation).toBeNull();
  });
});

describe('a message round trip', () => {
  it('reads the conversation once and writes the turn once', async () => {
    // arrange
    const recording = recordingDb();
    const app = createTestApp(key, { db: recording, assistant: createTestAssistant(recording) });
    const { sessionId } = await converse(app, headers, ['I need a change']);
    recording.statements.length = 0;
    // act
    const res = await app.request(
      `/v1/assistant/sessions/${sessionId}/messages`,
      jsonPost({ content: 'Upgrade the Kubernetes cluster in production' }, headers),
    );
    // assert
    expect(res.status).toBe(200);
    const sessionStatements = recording.statements.filter((s) => /assistant_(sessions|messages)/.test(s));
    expect(sessionStatements).toHaveLength(2);
    expect(recording.statements.filter((s) => /FROM change_models/.test(s))).toHaveLength(1);
  });

  it('follows the catalogue at once when a model is deactivated', async () => {
    // arrange
    const app = createTestApp(key, { db: db.pool, assistant: createTestAssistant(db.pool) });
    const message = ['Upgrade the Kubernetes cluster in production'];
    const before = await converse(app, headers, message);
    await db.pool.query('UPDATE change_models SET active = false WHERE sys_id = $1', [modelId('k8s_upgrade')]);
    try {
      // act
      const after = await converse(app, headers, message);
      // assert
      expect(before.turns[0]?.recommendations[0]?.sysId).toBe(modelId('k8s_upgrade'));
      expect(after.turns[0]?.recommendations.map((r) => r.sysId)).not.toContain(modelId('k8s_upgrade'));
    } finally {
      await db.pool.query('UPDATE change_models SET active = true WHERE sys_id = $1', [modelId('k8s_upgrade')]);
    }
  });

  it('keeps a message whose answer failed, and answers it when retried with the same Idempotency-Key', async () => {
    // arrange
    let failures = 1;
    const assistant: AssistantResponder = async (turn) => {
      if (failures-- > 0) throw new Error('the responder is down');
      return { content: `answer to ${turn.message.content}`, slots: { environment: 'production' } };
    };
    const app = createTestApp(key, { db: db.pool, assistant });
    const { sessionId } = await converse(app, headers, []);
    const post = () =>
      app.request(
        `/v1/assistant/sessions/${sessionId}/messages`,
        jsonPost({ content: 'production' }, { ...headers, 'idempotency-key': 'retry-1' }),
      );
    // act
    const failed = await post();
    const retried = await post();
    // assert
    expect(failed.status).toBe(500);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({
      created: false,
      reply: { role: 'assistant', content: 'answer to production' },
      slots: { environment: 'production' },
    });
    const stored = await loadAssistantConversation(db.pool, sessionId);
    expect(stored?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});
