import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalVerifier, loadOrCreateLocalKey, signLocalToken } from '../../../local/auth/local-key';

describe('local signing key', () => {
  it('signs tokens that a verifier from the persisted key accepts, with all roles by default', async () => {
    // arrange
    const file = join(await mkdtemp(join(tmpdir(), 'sy-key-')), 'key.json');
    const token = await signLocalToken(await loadOrCreateLocalKey(file));
    // act
    const principal = await createLocalVerifier(await loadOrCreateLocalKey(file))(token);
    // assert
    expect(principal.roles).toEqual([
      'Switchyard.Changes',
      'Switchyard.Incidents',
      'Switchyard.Assistant',
      'Switchyard.Read',
    ]);
  });

  it('publishes no private part in the JWKS', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'sy-key-')), 'key.json');
    expect((await loadOrCreateLocalKey(file)).publicJwks.keys[0]).not.toHaveProperty('d');
  });
});
