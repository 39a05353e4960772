import { describe, expect, it } from 'vitest';
import { formatSummary, progressView } from '../../../etl/cli/progress';
import type { EtlRunSummary } from '../../../etl/pipeline/run-etl';

// A stand-in for process.stderr that records what is written.
function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}

describe('progressView', () => {
  it('redraws one bar in place on a terminal', () => {
    // arrange
    const out = stream(true);
    const view = progressView(out.stream);
    // act
    view.update({ phase: 'extract', table: 'incident', done: 500, total: 1000 });
    view.done();
    // assert
    // Carriage return and erase-line, then the bar.
    expect(out.writes[0]?.startsWith('\r\u001b[2Kextract incident')).toBe(true);
    expect(out.writes[0]).toMatch(/█{14}░{14} {2}50% {2}500\/1000 rows$/);
    expect(out.writes.at(-1)).toBe('\n');
  });

  it('writes plain lines, one per table and quarter, when not a terminal', () => {
    // arrange
    const out = stream(false);
    const view = progressView(out.stream);
    // act
    for (const done of [100, 200, 300, 600, 1000])
      view.update({ phase: 'extract', table: 'incident', done, total: 1000 });
    // assert
    expect(out.writes).toEqual([
      'extract incident: 100/1000 rows\n',
      'extract incident: 300/1000 rows\n',
      'extract incident: 600/1000 rows\n',
      'extract incident: 1000/1000 rows\n',
    ]);
  });
});

describe('formatSummary', () => {
  it('shows read, changed, embedded, loaded, skipped and failed per table and in total', () => {
    // arrange
    const counts = { read: 5, changed: 2, embedded: 1, loaded: 4, skipped: 1, failed: 0 };
    const summary: EtlRunSummary = {
      runId: 'r1',
      mode: 'incremental',
      status: 'succeeded',
      tables: { incident: counts },
      totals: counts,
      partitions: 1,
      throttled: 3,
      retries: 3,
      errors: [],
    };
    // act
    const text = formatSummary(summary);
    // assert
    expect(text.split('\n')).toEqual([
      'ETL run r1 (incremental): succeeded',
      'table     read  changed  embedded  loaded  skipped  failed',
      'incident     5        2         1       4        1       0',
      'total        5        2         1       4        1       0',
      'raw partitions written: 1; ServiceNow 429s survived: 3; retries: 3',
    ]);
  });
});
