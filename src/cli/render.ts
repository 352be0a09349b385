/**
 * Human-readable rendering of memories for the terminal (tables via cli-table3).
 */
import Table from 'cli-table3';
import type { MemoryRecord } from '../core/memory.js';

/** Shortens `text` to `max` characters with an ellipsis. */
function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Width for the memory text column: the terminal width minus the other columns. */
function textWidth(other: number): number {
  return Math.max(30, (process.stdout.columns || 120) - other);
}

/** Prints memories as a table (id, memory, created, plus score when present). */
export function printMemoryTable(rows: Array<MemoryRecord & { score?: number }>): void {
  const withScore = rows.some((r) => r.score !== undefined);
  const head = withScore ? ['id', 'score', 'memory', 'created'] : ['id', 'memory', 'state', 'created'];
  const width = textWidth(withScore ? 70 : 72);
  const table = new Table({ head, wordWrap: false, style: { head: [], border: [] } });
  for (const r of rows) {
    const created = r.createdAt.slice(0, 16).replace('T', ' ');
    table.push(withScore ? [r.id, r.score!.toFixed(3), clip(r.memory, width), created] : [r.id, clip(r.memory, width), r.state, created]);
  }
  process.stdout.write(rows.length ? `${table.toString()}\n` : 'no memories\n');
}

/** Prints one memory as key/value lines. */
export function printMemory(m: MemoryRecord): void {
  const table = new Table({ style: { head: [], border: [] } });
  const fields: Array<[string, string]> = [
    ['id', m.id], ['memory', m.memory], ['user', m.userId], ['agent', m.agentId ?? ''], ['run', m.runId ?? ''],
    ['app', m.app ?? ''], ['state', m.state], ['categories', m.categories.join(', ')],
    ['metadata', JSON.stringify(m.metadata)], ['created', m.createdAt], ['updated', m.updatedAt],
  ];
  for (const [k, v] of fields) table.push({ [k]: v });
  process.stdout.write(`${table.toString()}\n`);
}
