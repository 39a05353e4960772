import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeModelAssistant, parseChangeFormUrl } from '../../../lambdas/change-model-assistant';
import { LOCAL_FORM_PREVIEW_PATH, withChatPage } from '../../../local/chat/server';
import { createTestApp, createTestKey } from '../../fixtures/api/app';
import {
  ASSISTANT_EMBEDDING_DIMENSION,
  assistantEmbedder,
  loadDemoCatalogue,
  modelId,
} from '../../fixtures/assistant/catalogue';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';

// The chat page in headless Chromium (Debian's package, driven by playwright-core) against
// the real app, assistant and chat routes on a loopback HTTP server, PGlite behind them.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`Skipping the chat page browser test: ${CHROMIUM} is absent (apt-get install chromium).`);

let db: TestDatabase;
let server: ReturnType<typeof serve>;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  db = await startTestDatabase({ embeddingDimension: ASSISTANT_EMBEDDING_DIMENSION });
  await loadDemoCatalogue(db.pool);
  const key = await createTestKey();
  const app = createTestApp(key, {
    db: db.pool,
    assistant: createChangeModelAssistant({
      db: db.pool,
      embedder: assistantEmbedder(),
      instanceUrl: () => `${baseUrl}${LOCAL_FORM_PREVIEW_PATH}`,
    }),
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: withChatPage(app.fetch, { key }), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}, 60_000);
afterAll(async () => {
  if (!hasChromium) return;
  await browser?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.stop();
});

describe.skipIf(!hasChromium)('the chat page', () => {
  it('holds a conversation and links the recommendation to a pre-filled change form', async () => {
    // arrange
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/chat`);
    const say = async (text: string, replies: number) => {
      await page.fill('#text', text);
      await page.click('#send');
      await page
        .locator('.msg[data-role="assistant"]')
        .nth(replies - 1)
        .waitFor();
    };
    // act
    await say('I need to raise a change', 1);
    await say('a database', 2);
    await say('an upgrade', 3);
    await say('actually it is production', 4);
    // assert
    const questions = await page.locator('.msg[data-role="assistant"]').allTextContents();
    expect(questions[0]).toMatch(/Which technology/);
    expect(questions[2]).toMatch(/In which environment/);
    const link = page.locator('a.recommendation').first();
    expect(await link.textContent()).toBe('Normal - Database version upgrade');
    const href = (await link.getAttribute('href')) as string;
    expect(parseChangeFormUrl(href)).toMatchObject({
      chg_model: modelId('db_upgrade'),
      type: 'normal',
      u_environment: 'production',
    });
    // act: click it; the local stand-in for ServiceNow shows the fields
    const [form] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await form.waitForLoadState();
    // assert
    expect(await form.locator('td[data-field="chg_model"]').textContent()).toBe(modelId('db_upgrade'));
    expect(await form.locator('td[data-field="sys_id"]').textContent()).toBe('-1');
  }, 60_000);
});
