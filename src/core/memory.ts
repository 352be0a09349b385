/**
 * Domain types of a memory, written once as zod schemas with their TypeScript types
 * inferred. These are the public shapes of the SDK, the CLI `--json` output and the MCP
 * tool results.
 */
import { z } from 'zod';

/**
 * Lifecycle state of a memory (OpenMemory's states). Only `active` memories are
 * returned by search and list unless a caller asks for others; `deleted` memories are
 * removed from every index at once and kept only as history.
 */
export const MemoryStateSchema = z.enum(['active', 'paused', 'archived', 'deleted']);
/** @see MemoryStateSchema */
export type MemoryState = z.infer<typeof MemoryStateSchema>;

/** Free-form JSON metadata attached to a memory (a flat or nested JSON object). */
export const MetadataSchema = z.record(z.string(), z.unknown());
/** @see MetadataSchema */
export type Metadata = z.infer<typeof MetadataSchema>;

/**
 * Who a memory belongs to. `userId` is always set (memories are always user-scoped);
 * `agentId` and `runId` narrow it (mem0's session identifiers).
 */
export interface Scope {
  userId: string;
  agentId?: string | undefined;
  runId?: string | undefined;
}

/** A stored memory as the public API returns it. Times are ISO-8601 UTC strings. */
export interface MemoryRecord {
  /** UUID v4. */
  id: string;
  /** The remembered text, verbatim. */
  memory: string;
  /** SHA-256 hex of the normalised text (see `contentHash`). */
  hash: string;
  userId: string;
  agentId: string | null;
  runId: string | null;
  /** The client that wrote it (an MCP client's `clientInfo.name`, or an SDK caller's app name). */
  app: string | null;
  metadata: Metadata;
  categories: string[];
  state: MemoryState;
  createdAt: string;
  updatedAt: string;
  /** When the memory expires (mem0's `expiration_date`): hidden from reads after it; `null`/absent = never. */
  expiresAt?: string | null;
}

/** One row of a memory's content history (mem0's `history(id)` shape, camelCased). */
export interface HistoryEntry {
  id: string;
  memoryId: string;
  event: 'ADD' | 'UPDATE' | 'DELETE';
  oldMemory: string | null;
  newMemory: string | null;
  app: string | null;
  createdAt: string;
}

/** One row of a memory's state-change history. */
export interface StatusChange {
  memoryId: string;
  oldState: MemoryState | null;
  newState: MemoryState;
  changedBy: string | null;
  createdAt: string;
}

/** One row of the access log: a read of a memory by an app. */
export interface AccessLogEntry {
  memoryId: string;
  app: string | null;
  /** `search`, `list` or `get`. */
  action: 'search' | 'list' | 'get';
  query: string | null;
  score: number | null;
  createdAt: string;
}

/**
 * One event of a user's recent activity: a read (access log) or a write (content
 * history, and state changes as their new state). `content` is the memory's first 200
 * characters, `null` once it is deleted.
 */
export interface ActivityEntry {
  kind: 'read' | 'write';
  action: AccessLogEntry['action'] | 'add' | 'update' | 'delete' | 'active' | 'paused' | 'archived';
  memoryId: string;
  content: string | null;
  /** The reading or writing app; `null` for the user acting directly. */
  app: string | null;
  /** The search query of a `search` read, else `null`. */
  query: string | null;
  createdAt: string;
}

/** A scope that holds memories (mem0's entities): the user, or one of its agents or runs. */
export interface EntitySummary {
  type: 'user' | 'agent' | 'run';
  id: string;
  /** Memories of this entity matching the filter. */
  memories: number;
  /** Oldest `createdAt` and newest `updatedAt` of those memories. */
  createdAt: string;
  updatedAt: string;
}
