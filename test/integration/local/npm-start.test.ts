import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';

// Runs `npm start`'s entry point as a newcomer would, then stops it with Ctrl-C (SIGINT).
describe('npm start', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('serves /health on the printed URL and stops cleanly on SIGINT', async () => {
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
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /HTTP\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
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
    const health = await fetch(`${url}/health`);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = await exited;

    // assert
    expect(health.status).toBe(200);
    expect(output).toMatch(/Demo data\s+loaded now: \d+ incidents/);
    expect(output).toContain('Stopped cleanly.');
    expect(code).toBe(0);
  });
});
