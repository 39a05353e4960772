import { describe, expect, it } from 'vitest';
import { runBackfillStep } from '../../../lambdas/etl/backfill/handler';
import { etlDependencies } from '../../../lambdas/etl/dependencies';
import { runIncremental } from '../../../lambdas/etl/incremental/handler';
import { loadPartition } from '../../../lambdas/etl/partition/handler';

// The adapters' own behaviour: they parse their input and name what is wrong before touching anything.
describe('ETL Lambda handlers', () => {
  it.each([
    ['the incremental run', () => runIncremental({ tables: ['sys_user'] }), /tables/],
    ['a backfill step', () => runBackfillStep({ step: 'explode' }), /step/],
    [
      'a backfill extract',
      () => runBackfillStep({ step: 'extract', runId: 'r1', table: 'incident', maxPages: 0 }),
      /maxPages/,
    ],
    ['a partition item', () => loadPartition({ key: '../../etc/passwd' }), /key/],
  ])('rejects invalid input to %s with BAD_REQUEST naming the field', async (_name, call, field) => {
    // act
    const attempt = call();
    // assert
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(field) });
  });

  it('names the missing bucket settings when the buckets are not configured', () => {
    expect(() => etlDependencies()).toThrow(
      'ETL_RAW_BUCKET and ETL_CURATED_BUCKET must name the raw and curated buckets.',
    );
  });
});
