import { Hono } from 'hono';
import { ROLES } from '../../lambdas/api/auth';
import { type LocalSigningKey, signLocalToken } from '../auth/local-key';
import { CHAT_PAGE_HTML, formPreviewHtml } from './page';

/** Where the local runtime serves the stand-in for ServiceNow's form (the assistant's instance URL locally). */
export const LOCAL_FORM_PREVIEW_PATH = '/chat/servicenow';

/** What the chat routes need. */
export interface ChatPageOptions {
  /** The local signing key the runtime's verifier trusts. */
  readonly key: LocalSigningKey;
  /**
   * Lifetime of the token the page is given, in seconds.
   * @default 3600
   */
  readonly tokenTtlSeconds?: number;
}

/**
 * The chat page of the local runtime, never deployed: `GET /chat` (the page),
 * `GET /chat/token` (a local token with only the assistant role, signed with the local
 * key; the runtime listens on loopback only) and a local preview of the pre-filled
 * change form the recommendations link to.
 */
export function createChatRoutes(options: ChatPageOptions): Hono {
  const chat = new Hono();
  chat.get('/chat', (c) => c.html(CHAT_PAGE_HTML));
  chat.get('/chat/token', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ token: await signLocalToken(options.key, [ROLES.assistant], options.tokenTtlSeconds ?? 3600) });
  });
  chat.get(`${LOCAL_FORM_PREVIEW_PATH}/change_request.do`, (c) => {
    const fields: Record<string, string> = { sys_id: c.req.query('sys_id') ?? '' };
    for (const pair of (c.req.query('sysparm_query') ?? '').split('^')) {
      const at = pair.indexOf('=');
      if (at > 0) fields[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return c.html(formPreviewHtml(fields));
  });
  return chat;
}

type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

/** The app's fetch with the chat routes in front of it (paths under /chat). */
export function withChatPage(appFetch: Fetch, options: ChatPageOptions): (request: Request) => Promise<Response> {
  const chat = createChatRoutes(options);
  return async (request) => {
    const { pathname } = new URL(request.url);
    return pathname === '/chat' || pathname.startsWith('/chat/') ? chat.fetch(request) : appFetch(request);
  };
}
