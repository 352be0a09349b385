/**
 * Plain-text tables for the benchmark's stdout: a header row, a rule, and rows whose
 * columns are padded to the widest cell. Numbers are formatted by the caller so every
 * table shows the units and precision its figures deserve.
 */

/** One table: column headers and rows of already-formatted cells. */
export interface Table {
  /** Printed above the table, if set. */
  title?: string;
  headers: string[];
  /** Each row has at most `headers.length` cells; missing cells print empty. */
  rows: string[][];
  /** Lines printed under the table (sources, caveats). */
  notes?: string[];
}

/**
 * Renders a table as aligned text. The first column is left-aligned (labels), the
 * others right-aligned (figures).
 * @example renderTable({ headers: ['k', 'recall'], rows: [['5', '0.512']] })
 */
export function renderTable(table: Table): string {
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    widths.map((w, i) => (i === 0 ? (cells[i] ?? '').padEnd(w) : (cells[i] ?? '').padStart(w))).join('  ').trimEnd();
  const out: string[] = [];
  if (table.title) out.push(table.title);
  out.push(line(table.headers), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.rows) out.push(line(row));
  for (const note of table.notes ?? []) out.push(`  ${note}`);
  return out.join('\n');
}

/** Formats a fraction in [0,1] as a percentage with one decimal (`0.5671` -> `56.7`); `null` prints `n/a`. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? 'n/a' : (value * 100).toFixed(1);
}

/** Formats milliseconds with precision that suits the magnitude (`0.042`, `3.21`, `812`); `null` prints `n/a`. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (value < 1) return value.toFixed(3);
  if (value < 100) return value.toFixed(2);
  return value.toFixed(0);
}

/** Formats a ratio such as `peer / mnemo` as `3.2x`; `null` prints `n/a`. */
export function ratio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${value < 10 ? value.toFixed(2) : value.toFixed(0)}x`;
}
