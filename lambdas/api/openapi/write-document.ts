import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from './document';

/** Where the committed OpenAPI document lives. */
export const DOCUMENT_URL = new URL('./openapi.json', import.meta.url);

/** The document as it should be committed: versioned like package.json. */
export function currentOpenApiDocument(): Record<string, unknown> {
  const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return buildOpenApiDocument(version);
}

// `npm run openapi`: write the document, then let biome lay it out as `npm run lint` expects.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = fileURLToPath(DOCUMENT_URL);
  writeFileSync(path, `${JSON.stringify(currentOpenApiDocument(), null, 2)}\n`);
  const biome = spawnSync('node_modules/.bin/biome', ['format', '--write', path], { stdio: 'inherit' });
  if (biome.status !== 0) process.exit(biome.status ?? 1);
  console.log(`wrote ${path}`);
}
