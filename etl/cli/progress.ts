import type { EtlCounts, EtlProgress, EtlRunSummary } from '../pipeline/run-etl';

/** Something that shows a run's progress: a bar on a terminal, plain lines in a log. */
export interface ProgressView {
  update(progress: EtlProgress): void;
  done(): void;
}

const BAR_WIDTH = 28;

/**
 * A progress view for `stream`: a bar redrawn in place when it is a TTY, otherwise
 * one plain line per phase and table and at every quarter, so CI logs stay readable.
 */
export function progressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  let last = '';
  let lastQuarter = -1;
  let drawn = false;
  return {
    update(p) {
      const ratio = p.total === 0 ? 1 : Math.min(1, p.done / p.total);
      const unit = p.phase === 'extract' ? 'rows' : 'partitions';
      const label = `${p.phase.padEnd(7)} ${p.table}`;
      if (stream.isTTY) {
        const filled = Math.round(ratio * BAR_WIDTH);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
        stream.write(
          `\r\x1b[2K${label.padEnd(40)} ${bar} ${String(Math.round(ratio * 100)).padStart(3)}%  ${p.done}/${p.total} ${unit}`,
        );
        drawn = true;
        return;
      }
      const quarter = Math.floor(ratio * 4);
      if (label !== last || quarter !== lastQuarter) {
        stream.write(`${label}: ${p.done}/${p.total} ${unit}\n`);
        last = label;
        lastQuarter = quarter;
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}

const COLUMNS: readonly (keyof EtlCounts)[] = ['read', 'changed', 'embedded', 'loaded', 'skipped', 'failed'];

/** The run's summary as a small table: one row per table and the totals. */
export function formatSummary(summary: EtlRunSummary): string {
  const header = ['table', ...COLUMNS];
  const rows = Object.entries(summary.tables).map(([table, c]) => [table, ...COLUMNS.map((k) => String(c[k]))]);
  rows.push(['total', ...COLUMNS.map((k) => String(summary.totals[k]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ');
  return [
    `ETL run ${summary.runId} (${summary.mode}): ${summary.status}`,
    line(header),
    ...rows.map(line),
    `raw partitions written: ${summary.partitions}; ServiceNow 429s survived: ${summary.throttled}; retries: ${summary.retries}`,
    ...summary.errors.map((error) => `error: ${error}`),
  ].join('\n');
}
