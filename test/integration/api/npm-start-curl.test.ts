import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type StartedRuntime, startNpmStart } from '../../fixtures/local/npm-start';

const run = promisify(execFile);

// The README's first call, exactly: `npm start`, then
// curl -H "Authorization: Bearer $(npm run --silent token)" localhost:$PORT/v1/agents
describe('npm start, npm run token and curl', () => {
  let runtime: StartedRuntime | undefined;
  afterAll(() => runtime?.kill());

  it('answers GET /v1/agents with 200 for a local token, and 401 without one', async () => {
    // arrange
    runtime = await startNpmStart();
    const port = new URL(runtime.url).port;

    // act
    const curl = (auth: string) =>
      run('sh', ['-c', `curl -s -w '\\n%{http_code}' ${auth} localhost:$PORT/v1/agents`], {
        env: { ...process.env, PORT: port },
      });
    const withToken = await curl(`-H "Authorization: Bearer $(npm run --silent token)"`);
    const without = await curl('');
    await runtime.interrupt();

    // assert
    const [body, status] = withToken.stdout.split(/\n(?=\d{3}$)/);
    expect(status).toBe('200');
    const { agents } = JSON.parse(body ?? '') as { agents: { name: string }[] };
    expect(agents.map((a) => a.name)).toContain('smart-solver');
    expect(without.stdout.trim().endsWith('401')).toBe(true);
  });
});
