import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

// The README's first call, exactly: `npm start`, then
// curl -H "Authorization: Bearer $(npm run --silent token)" localhost:$PORT/v1/agents
describe('npm start, npm run token and curl', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('answers GET /v1/agents with 200 for a local token, and 401 without one', async () => {
    // arrange
    child = spawn('node_modules/.bin/tsx', ['local/main.ts', '--in-memory'], {
      env: { ...process.env, PORT: '0', EMBEDDING_DIMENSION: '256', POWERTOOLS_LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /HTTP\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match?.[1] !== undefined) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 100);
      child?.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`npm start exited with ${code} before serving:\n${output}`));
      });
    });

    // act
    const curl = (auth: string) =>
      run('sh', ['-c', `curl -s -w '\\n%{http_code}' ${auth} localhost:$PORT/v1/agents`], {
        env: { ...process.env, PORT: port },
      });
    const withToken = await curl(`-H "Authorization: Bearer $(npm run --silent token)"`);
    const without = await curl('');
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    await exited;

    // assert
    const [body, status] = withToken.stdout.split(/\n(?=\d{3}$)/);
    expect(status).toBe('200');
    const { agents } = JSON.parse(body ?? '') as { agents: { name: string }[] };
    expect(agents.map((a) => a.name)).toContain('smart-solver');
    expect(without.stdout.trim().endsWith('401')).toBe(true);
  });
});
