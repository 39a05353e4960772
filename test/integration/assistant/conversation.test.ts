import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../../lambdas/api/auth';
import { parseChangeFormUrl } from '../../../lambdas/change-model-assistant';
import type { LocalSigningKey } from '../../../local/auth/local-key';
import { authHeader, createTestApp, createTestKey } from '../../fixtures/api/app';
import { jsonPost } from '../../fixtures/api/records';
import {
  ASSISTANT_EMBEDDING_DIMENSION,
  loadDemoCatalogue,
  modelId,
  TEST_INSTANCE_URL,
} from '../../fixtures/assistant/catalogue';
import { converse, createTestAssistant } from '../../fixtures/assistant/conversation';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';

// Conversations through the real app and assistant, the demo catalogue in PGlite (pgvector).
let db: TestDatabase;
let key: LocalSigningKey;
let headers: Record<string, string>;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: ASSISTANT_EMBEDDING_DIMENSION });
  await loadDemoCatalogue(db.pool);
  key = await createTestKey();
  headers = await authHeader(key, [ROLES.assistant]);
  app = createTestApp(key, { db: db.pool, assistant: createTestAssistant(db.pool) });
});
afterAll(async () => {
  await db.stop();
});

describe('the change model assistant', () => {
  it.each([
    ['en', 'I need to upgrade an Oracle database in production'],
    ['es', 'Necesito actualizar una base de datos Oracle en producción'],
  ] as const)('recommends at once when the first message (%s) says everything', async (language, message) => {
    // act
    const { turns } = await converse(app, headers, [message], language);
    // assert
    const [turn] = turns;
    expect(turn?.slots).toMatchObject({
      technologyFamily: 'database',
      objective: 'upgrade',
      environment: 'production',
    });
    expect(turn?.recommendations[0]).toMatchObject({ rank: 1, sysId: modelId('db_upgrade'), changeType: 'normal' });
    expect(turn?.recommendations[0]?.reasons.length).toBeGreaterThan(2);
    expect(turn?.reply.content).toContain('Database version upgrade');
  });

  it('asks one question at a time after a vague start until the slots are filled', async () => {
    // act
    const { turns } = await converse(app, headers, ['I need to raise a change', 'a database', 'an upgrade', 'test']);
    // assert
    expect(turns.map((t) => t.recommendations.length)).toEqual([0, 0, 0, 2]);
    expect(turns[0]?.reply.content).toMatch(/Which technology/);
    expect(turns[1]?.reply.content).toMatch(/What does the change set out to do/);
    expect(turns[2]?.reply.content).toMatch(/In which environment/);
    expect(turns[3]?.slots).toMatchObject({
      technologyFamily: 'database',
      objective: 'upgrade',
      environment: 'test',
    });
    expect(turns[3]?.recommendations[0]?.sysId).toBe(modelId('db_upgrade'));
  });

  it.each([
    ['en', ['Upgrade of our PostgreSQL database in production', 'actually it is a parameter change']],
    ['es', ['Actualización de la base de datos PostgreSQL en producción', 'en realidad es un cambio de parámetro']],
  ] as const)('changes the recommendation after a correction (%s)', async (language, messages) => {
    // act
    const { turns } = await converse(app, headers, messages, language);
    // assert
    expect(turns[0]?.recommendations[0]?.sysId).toBe(modelId('db_upgrade'));
    expect(turns[1]?.slots.objective).toBe('configuration');
    expect(turns[1]?.recommendations[0]?.sysId).toBe(modelId('db_parameter'));
    expect(turns[1]?.reply.content).toMatch(language === 'en' ? /corrected objective/ : /corrijo objetivo/);
  });

  it('accepts a corrected environment and asks which of the fitting models is meant', async () => {
    // act
    const { turns } = await converse(app, headers, [
      'A network configuration change',
      'test',
      'actually it is production',
      'the firewall one',
    ]);
    // assert
    expect(turns[1]?.slots.environment).toBe('test');
    expect(turns[2]?.slots.environment).toBe('production');
    expect(turns[2]?.reply.content).toMatch(/Which one describes the change best/);
    expect(turns[2]?.recommendations).toEqual([]);
    expect(turns[3]?.recommendations[0]?.sysId).toBe(modelId('firewall_rule'));
  });

  it.each([
    [
      ['I need to raise a change', 'a database', 'an upgrade', 'test'],
      ['Necesito abrir un cambio', 'una base de datos', 'una actualización', 'pruebas'],
    ],
    [
      ['A network configuration change', 'test', 'actually it is production', 'the firewall one'],
      ['Un cambio de configuración de red', 'pruebas', 'en realidad es producción', 'el del cortafuegos'],
    ],
    [
      ['Renew the TLS certificate of the portal in production'],
      ['Renovar el certificado TLS del portal en producción'],
    ],
    [['Decommission an old server in development'], ['Dar de baja un servidor antiguo en desarrollo']],
    [['GIS network model data update in production'], ['Actualización de datos del modelo de red GIS en producción']],
    [
      ['For the SCADA system we need a new firewall rule opened in production'],
      ['Para el sistema SCADA necesitamos abrir una regla nueva en el cortafuegos, en producción'],
    ],
  ])('reaches the same recommendations in Spanish as in English (%j)', async (english, spanish) => {
    // act
    const en = await converse(app, headers, english, 'en');
    const es = await converse(app, headers, spanish, 'es');
    // assert
    const last = (turns: typeof en.turns) => turns[turns.length - 1];
    expect(last(es.turns)?.slots).toEqual(last(en.turns)?.slots);
    expect(last(es.turns)?.recommendations.map((r) => r.sysId)).toEqual(
      last(en.turns)?.recommendations.map((r) => r.sysId),
    );
    expect(last(en.turns)?.recommendations.length).toBeGreaterThan(0);
  });

  it('links each recommendation to a pre-filled ServiceNow change form', async () => {
    // act
    const { turns } = await converse(app, headers, ['Upgrade the Kubernetes cluster in production']);
    // assert
    const top = turns[0]?.recommendations[0];
    expect(top?.formUrl.startsWith(`${TEST_INSTANCE_URL}/change_request.do?sys_id=-1&sysparm_query=`)).toBe(true);
    const fields = parseChangeFormUrl(top?.formUrl ?? '');
    expect(fields).toMatchObject({
      chg_model: modelId('k8s_upgrade'),
      type: 'normal',
      u_environment: 'production',
      short_description: 'Kubernetes cluster upgrade (production)',
    });
    expect(fields.description).toContain('Upgrade the Kubernetes cluster in production');
  });

  it('keeps the conversation in PostgreSQL: GET returns messages, slots and recommendations', async () => {
    // arrange
    const { sessionId } = await converse(app, headers, ['Upgrade the Kubernetes cluster in production']);
    // act
    const res = await app.request(`/v1/assistant/sessions/${sessionId}`, { headers });
    // assert
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: { role: string }[]; slots: unknown; recommendations: unknown[] };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(body.slots).toMatchObject({ technologyFamily: 'kubernetes' });
    expect(body.recommendations).toMatchObject([{ rank: 1, sysId: modelId('k8s_upgrade') }]);
  });

  it('returns 404 for an unknown session', async () => {
    // act
    const res = await app.request(
      '/v1/assistant/sessions/00000000-0000-4000-8000-000000000000/messages',
      jsonPost({ content: 'hello' }, headers),
    );
    // assert
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('returns 410 GONE for an expired session', async () => {
    // arrange
    const { sessionId } = await converse(app, headers, []);
    await db.pool.query(
      `UPDATE assistant_sessions SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 minute' WHERE id = $1`,
      [sessionId],
    );
    // act
    const res = await app.request(
      `/v1/assistant/sessions/${sessionId}/messages`,
      jsonPost({ content: 'production' }, headers),
    );
    // assert
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({
      error: { code: 'GONE', message: expect.stringMatching(/expired.*open a new one/) },
    });
  });
});
