import { describe, expect, it } from 'vitest';
import { toVectorParam } from '../../../lambdas/shared/db/pool';
import { buildSimilarQuery } from '../../../lambdas/shared/db/similar';

describe('buildSimilarQuery', () => {
  it('orders by cosine distance and scores 1 - distance', () => {
    const { text, values } = buildSimilarQuery({ table: 'incidents', embedding: [1, 0], k: 5 });
    expect(text).toBe(
      'SELECT sys_id AS id, number AS number, short_description AS title, 1 - (embedding <=> $1::vector) AS score ' +
        'FROM incidents WHERE embedding IS NOT NULL ORDER BY embedding <=> $1::vector LIMIT $2',
    );
    expect(values).toEqual([toVectorParam([1, 0]), 5]);
  });

  it('binds filter values as parameters and maps change states to ServiceNow integers', () => {
    // act
    const { text, values } = buildSimilarQuery({
      table: 'change_requests',
      embedding: [1, 0],
      k: 3,
      filters: { states: ['new', 'closed'], cmdbCi: 'abc', startAfter: '2025-01-01T00:00:00Z' },
    });
    // assert
    expect(text).toContain(
      'WHERE embedding IS NOT NULL AND state = ANY($3::smallint[]) AND cmdb_ci = $4::text AND start_date >= $5::timestamptz',
    );
    expect(values.slice(2)).toEqual([[-5, 3], 'abc', '2025-01-01T00:00:00Z']);
    expect(text).not.toContain('abc');
  });

  it('matches a change model environment inside its list', () => {
    const { text } = buildSimilarQuery({
      table: 'change_models',
      embedding: [1],
      k: 1,
      filters: { environment: 'test' },
    });
    expect(text).toContain('$3::text = ANY(environments)');
  });

  it('skips filters left undefined', () => {
    const { values } = buildSimilarQuery({ table: 'incidents', embedding: [1], k: 1, filters: { cmdbCi: undefined } });
    expect(values).toHaveLength(2);
  });

  it.each([0, 1001, 2.5])('refuses k = %s', (k) => {
    expect(() => buildSimilarQuery({ table: 'incidents', embedding: [1], k })).toThrow(
      `k must be an integer from 1 to 1000; got ${k}.`,
    );
  });

  it('refuses a table outside the whitelist', () => {
    expect(() => buildSimilarQuery({ table: 'pg_authid' as never, embedding: [1], k: 1 })).toThrow(
      'No embeddings in table "pg_authid"',
    );
  });

  it('refuses an empty embedding', () => {
    expect(() => buildSimilarQuery({ table: 'incidents', embedding: [], k: 1 })).toThrow('empty');
  });
});
