import { parseArgs } from 'node:util';
import { loadOrCreateLocalKey, signLocalToken } from './auth/local-key';

/** `npm run token -- --roles A,B [--ttl 3600]`: prints a token valid for the local server. */
const { values } = parseArgs({ options: { roles: { type: 'string' }, ttl: { type: 'string', default: '3600' } } });
const roles = values.roles
  ?.split(',')
  .map((r) => r.trim())
  .filter((r) => r.length > 0);
const key = await loadOrCreateLocalKey();
process.stdout.write(`${await signLocalToken(key, roles, Number(values.ttl))}\n`);
