import { afterAll, describe, expect, it } from 'vitest';
import { type StartedRuntime, startNpmStart } from '../../fixtures/local/npm-start';

// Runs `npm start`'s entry point as a newcomer would, then stops it with Ctrl-C (SIGINT).
describe('npm start', () => {
  let runtime: StartedRuntime | undefined;
  afterAll(() => runtime?.kill());

  it('serves /health on the printed URL and stops cleanly on SIGINT', async () => {
    // arrange
    runtime = await startNpmStart();

    // act
    const health = await fetch(`${runtime.url}/health`);
    const code = await runtime.interrupt();

    // assert
    expect(health.status).toBe(200);
    expect(runtime.output()).toMatch(/Demo data\s+loaded now: \d+ incidents/);
    expect(runtime.output()).toContain('Stopped cleanly.');
    expect(code).toBe(0);
  });
});
