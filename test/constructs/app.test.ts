import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the CDK entry point (bin/switchyard.ts)', () => {
  it('stops with exit code 1 and a message naming the invalid key', () => {
    // act
    const result = spawnSync('node_modules/.bin/tsx', ['bin/switchyard.ts'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, SWITCHYARD_NAT_GATEWAYS: '7', CDK_CONTEXT_JSON: '{}' },
    });
    // assert
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid Switchyard configuration');
    expect(result.stderr).toContain('environment variable SWITCHYARD_NAT_GATEWAYS');
    expect(result.stderr).not.toContain('    at '); // a message, not a stack trace
  });
});
