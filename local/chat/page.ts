/**
 * The chat page: one static HTML document with its script inline (no build step). It
 * fetches a local token from `/chat/token`, opens a session, posts each message and
 * shows the reply with the recommendations as links to the pre-filled change form.
 */
export const CHAT_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchyard · Change model assistant</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d2430; }
  h1 { font-size: 1.3rem; }
  #log { border: 1px solid #ccd; border-radius: 8px; padding: 1rem; min-height: 12rem; background: #fafbfd; }
  .msg { margin: .5rem 0; padding: .5rem .75rem; border-radius: 8px; white-space: pre-wrap; }
  .user { background: #dfeaff; margin-left: 4rem; }
  .assistant { background: #fff; border: 1px solid #e3e6ee; margin-right: 4rem; }
  .recs { margin: .25rem 0 0 0; padding-left: 1.25rem; }
  .recs li { margin: .35rem 0; }
  .reasons { color: #5a6270; font-size: .85rem; }
  form { display: flex; gap: .5rem; margin-top: 1rem; }
  #text { flex: 1; padding: .5rem; font-size: 1rem; }
  #slots { color: #5a6270; font-size: .85rem; margin-top: .5rem; }
</style>
</head>
<body>
<h1>Change model assistant</h1>
<p>Describe the change you need (English or Spanish). <label>Language
  <select id="language"><option value="en">English</option><option value="es">Español</option></select></label>
  <button id="restart" type="button">New conversation</button></p>
<div id="log" aria-live="polite"></div>
<div id="slots"></div>
<form id="form"><input id="text" autocomplete="off" placeholder="e.g. Upgrade the Oracle database in production" required>
<button id="send" type="submit">Send</button></form>
<script type="module">
const log = document.getElementById('log');
const slotsView = document.getElementById('slots');
let token = null;
let sessionId = null;

async function api(path, init = {}) {
  if (token === null) token = (await (await fetch('/chat/token')).json()).token;
  const res = await fetch(path, { ...init, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ? body.error.code + ': ' + body.error.message : 'HTTP ' + res.status);
  return body;
}

function say(role, text, recommendations = []) {
  const div = document.createElement('div');
  div.className = 'msg ' + role;
  div.dataset.role = role;
  div.textContent = text;
  if (recommendations.length > 0) {
    const list = document.createElement('ol');
    list.className = 'recs';
    for (const r of recommendations) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = r.formUrl;
      link.target = '_blank';
      link.rel = 'noopener';
      link.className = 'recommendation';
      link.dataset.sysId = r.sysId;
      link.textContent = r.name;
      const reasons = document.createElement('div');
      reasons.className = 'reasons';
      reasons.textContent = r.reasons.join(' · ');
      item.append(link, reasons);
      list.append(item);
    }
    div.append(list);
  }
  log.append(div);
  div.scrollIntoView({ block: 'end' });
}

async function openSession() {
  log.replaceChildren();
  const session = await api('/v1/assistant/sessions', { method: 'POST', body: JSON.stringify({ language: document.getElementById('language').value }) });
  sessionId = session.id;
  document.body.dataset.sessionId = sessionId;
  slotsView.textContent = '';
}

openSession().catch((e) => say('assistant', e.message));
document.getElementById('restart').addEventListener('click', () => openSession().catch((e) => say('assistant', e.message)));
document.getElementById('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('text');
  const content = input.value.trim();
  if (content === '') return;
  input.value = '';
  say('user', content);
  try {
    if (sessionId === null) await openSession().then(() => say('user', content));
    const turn = await api('/v1/assistant/sessions/' + sessionId + '/messages', { method: 'POST', body: JSON.stringify({ content }) });
    say('assistant', turn.reply ? turn.reply.content : turn.note, turn.recommendations);
    slotsView.textContent = Object.entries(turn.slots).filter(([k]) => k !== 'changeModel').map(([k, v]) => k + ': ' + v).join(' · ');
  } catch (error) {
    say('assistant', error.message);
  }
});
</script>
</body>
</html>
`;

/** The page that stands in for ServiceNow's form locally: the fields a pre-filled link carries. */
export function formPreviewHtml(fields: Readonly<Record<string, string>>): string {
  const rows = Object.entries(fields)
    .map(
      ([name, value]) =>
        `<tr><th>${escapeHtml(name)}</th><td data-field="${escapeHtml(name)}">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>New change request (local preview)</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto}th{text-align:left;padding-right:1rem;vertical-align:top}td{white-space:pre-wrap}</style>
</head><body><h1>New change request</h1><p>Local stand-in for ServiceNow's change_request.do: the fields the link fills in.</p>
<table>${rows}</table></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
