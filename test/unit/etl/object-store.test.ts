import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryObjectStore } from '../../../etl/store/object-store';

describe('directoryObjectStore', () => {
  it('stores, reads back and lists objects by prefix', async () => {
    // arrange
    const store = directoryObjectStore(await mkdtemp(join(tmpdir(), 'store-')));
    // act
    await store.put('raw/incident/date=2026-01-01/part-0001.jsonl', '{"a":1}\n');
    await store.put('raw/incident/date=2026-01-02/part-0001.jsonl', '{"a":2}\n');
    await store.put('raw/cmdb_ci/date=2026-01-01/part-0001.jsonl', '{"b":1}\n');
    // assert
    expect(await store.get('raw/incident/date=2026-01-01/part-0001.jsonl')).toBe('{"a":1}\n');
    expect(await store.list('raw/incident/')).toEqual([
      'raw/incident/date=2026-01-01/part-0001.jsonl',
      'raw/incident/date=2026-01-02/part-0001.jsonl',
    ]);
  });

  it('answers undefined and an empty list for what does not exist', async () => {
    const store = directoryObjectStore(join(tmpdir(), 'never-created-store'));
    expect(await store.get('nope')).toBeUndefined();
    expect(await store.list('raw/')).toEqual([]);
  });
});
