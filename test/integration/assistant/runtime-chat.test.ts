import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChangeFormUrl } from '../../../lambdas/change-model-assistant';
import { type LocalRuntime, startLocalRuntime } from '../../../local/runtime';

// The local runtime as `npm start` runs it (small demo dataset through the ETL): the chat
// page, its local token and a conversation whose link opens the local form preview.
describe('the chat page in the local runtime', () => {
  let runtime: LocalRuntime;
  let keyDir: string;

  beforeAll(async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'switchyard-chat-'));
    runtime = await startLocalRuntime({
      httpPort: 0,
      embedding: { provider: 'offline', modelId: 'hashing', dimension: 256 },
      demoData: { incidents: 40, changeRequests: 20 },
      signingKeyFile: join(keyDir, 'key.json'),
    });
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop();
    await rm(keyDir, { recursive: true, force: true });
  });

  it('serves the page and a token that holds a conversation ending in a pre-filled link', async () => {
    // act
    const page = await fetch(`${runtime.url}/chat`);
    const { token } = (await (await fetch(`${runtime.url}/chat/token`)).json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const session = (await (
      await fetch(`${runtime.url}/v1/assistant/sessions`, { method: 'POST', headers, body: '{"language":"es"}' })
    ).json()) as { id: string };
    const turn = (await (
      await fetch(`${runtime.url}/v1/assistant/sessions/${session.id}/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ content: 'Renovar el certificado TLS del portal en producción' }),
      })
    ).json()) as { recommendations: { name: string; formUrl: string }[] };
    const form = await fetch(turn.recommendations[0]?.formUrl ?? '');
    // assert
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Change model assistant');
    expect(turn.recommendations[0]?.name).toBe('Standard - TLS certificate renewal');
    expect(turn.recommendations[0]?.formUrl.startsWith(`${runtime.url}/chat/servicenow/change_request.do?`)).toBe(true);
    expect(parseChangeFormUrl(turn.recommendations[0]?.formUrl ?? '')).toMatchObject({ u_environment: 'production' });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('data-field="chg_model"');
  }, 60_000);

  it('gives the page a token with the assistant role only', async () => {
    // act
    const { token } = (await (await fetch(`${runtime.url}/chat/token`)).json()) as { token: string };
    const res = await fetch(`${runtime.url}/v1/change-validations/00000000-0000-4000-8000-000000000000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    // assert
    expect(res.status).toBe(403);
  });
});
