/**
 * The supersession rule of the graph, a pure function: a new fact that cannot hold at
 * the same time as open ones (same entity + predicate, or an exclusive relation type)
 * closes them, with Graphiti's ordering (graphiti_core/utils/maintenance/edge_operations.py,
 * `resolve_edge_contradictions`):
 * - an open fact that became true at or before the new one gets `invalidAt` = the new
 *   one's `validAt`, `expiredAt` = now and `supersededBy` = the new one;
 * - a new fact older than an open one is stored already invalidated: its `invalidAt` is
 *   the `validAt` of the earliest fact (open or already closed) that started after it,
 *   `expiredAt` = now, `supersededBy` = that fact. (Graphiti compares with the open
 *   candidate only; taking closed ones into account keeps a late "lived in Paris in
 *   2023" from overlapping a "Berlin since January 2024" that was closed meanwhile.)
 * An open fact with the same value is not a contradiction: the new one is a duplicate.
 */
import type { Closing } from '../../storage/graph-store.js';

/** The parts of a fact/relation the rule reads. */
export interface OpenItem {
  id: string;
  validAt: number;
  /** What it says (normalised value or content; relations: the target id). */
  key: string;
  /** Still open (`invalidAt` unset). @default true */
  open?: boolean;
}

/** What to do with a new fact. */
export type Resolution =
  | { kind: 'duplicate'; of: string }
  | { kind: 'insert'; invalidAt: number | null; expiredAt: number | null; supersededBy: string | null; closings: Closing[] };

/**
 * Decides how a new item (`id`, `validAt`, `key`) enters among `items` (open and
 * closed) that exclude each other.
 * @param now system time, ms (becomes `expiredAt` of whatever is retired).
 * @example resolveSupersession([{ id: 'b', validAt: 10, key: 'berlin' }], { id: 'h', validAt: 20, key: 'hamburg' }, 99)
 *   // { kind: 'insert', invalidAt: null, ..., closings: [{ id: 'b', invalidAt: 20, expiredAt: 99, supersededBy: 'h' }] }
 */
export function resolveSupersession(items: OpenItem[], incoming: OpenItem, now: number): Resolution {
  const open = items.filter((o) => o.open !== false);
  const same = open.find((o) => o.key === incoming.key);
  if (same) return { kind: 'duplicate', of: same.id };
  const closings: Closing[] = open
    .filter((o) => o.validAt <= incoming.validAt)
    .map((o) => ({ id: o.id, invalidAt: incoming.validAt, expiredAt: now, supersededBy: incoming.id }));
  const newer = items.filter((o) => o.validAt > incoming.validAt).sort((a, b) => a.validAt - b.validAt)[0];
  if (!newer) return { kind: 'insert', invalidAt: null, expiredAt: null, supersededBy: null, closings };
  return { kind: 'insert', invalidAt: newer.validAt, expiredAt: now, supersededBy: newer.id, closings };
}
