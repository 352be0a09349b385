/**
 * The JSON shapes of mnemo's REST API (`/api/v1`) as the dashboard reads them. They
 * mirror `src/http/routes/openmemory-wire.ts` (snake_case, times in Unix seconds).
 */

export type MemoryState = 'active' | 'paused' | 'archived';
export const MEMORY_STATES: readonly MemoryState[] = ['active', 'paused', 'archived'];

export interface Memory {
  id: string;
  content: string;
  created_at: number;
  updated_at: number;
  state: MemoryState;
  app_name: string | null;
  categories: string[];
  metadata_: Record<string, unknown>;
  user_id: string;
  agent_id: string | null;
  run_id: string | null;
}

/** A page of `GET /api/v1/memories` (1-based `page`). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export interface AppInfo {
  id: string;
  name: string;
  is_active: boolean;
  total_memories_created: number;
  total_memories_accessed: number;
  created_at: number;
  first_accessed: number | null;
  last_accessed: number | null;
}

export interface AppsPage {
  total: number;
  page: number;
  page_size: number;
  apps: AppInfo[];
}

export interface AppMemoriesPage {
  total: number;
  page: number;
  page_size: number;
  memories: Memory[];
}

export interface AppAccessedPage {
  total: number;
  page: number;
  page_size: number;
  memories: Array<{ memory: Memory; access_count: number }>;
}

export interface Stats {
  user_id: string;
  total_memories: number;
  total_apps: number;
  apps: AppInfo[];
  memories_by_state: Record<string, number>;
  memories_per_app: Array<{ app: string | null; count: number }>;
  /** Oldest first; `day` is `YYYY-MM-DD` (UTC). */
  memories_per_day: Array<{ day: string; count: number }>;
}

export interface Health {
  version: string | null;
  auth: 'required' | 'off';
  status: 'ok' | 'degraded' | 'unavailable';
  storage: { ok: boolean; schemaVersion?: number };
  embedder?: { id: string | null; ok: boolean };
  /** `space`: the embedder and dimension count of the stored vectors (`null` before the first vector). */
  vectorIndex?: { ok: boolean; space: { embedderId: string; dimensions: number } | null; missingVectors: number; notice: string | null };
}

export interface AccessLogEntry {
  memory_id: string;
  app_name: string | null;
  access_type: string;
  query: string | null;
  score: number | null;
  accessed_at: number;
}

/** Feedback given on a memory through mem0's `POST /v1/feedback/`. */
export interface FeedbackEntry {
  id: string;
  feedback: 'POSITIVE' | 'NEGATIVE' | 'VERY_NEGATIVE' | null;
  reason: string | null;
  created_at: number;
}

export interface FeedbackList {
  total: number;
  feedback: FeedbackEntry[];
}

export interface AccessLogPage {
  total: number;
  page: number;
  page_size: number;
  logs: AccessLogEntry[];
}

export interface HistoryEntry {
  id: string;
  memory_id: string;
  event: string;
  old_memory: string | null;
  new_memory: string | null;
  app_name: string | null;
  created_at: number;
}

export interface StatusEntry {
  memory_id: string;
  old_state: string | null;
  new_state: string;
  changed_by: string | null;
  changed_at: number;
}

export interface MemoryHistory {
  history: HistoryEntry[];
  status_history: StatusEntry[];
}

export interface Related extends Page<Memory> {
  similar: Array<Memory & { score: number }>;
}

/** One hit of `GET /api/v1/memories/search`: the memory and its relevance score (higher is better). */
export type SearchHit = Memory & { score: number };

/** `GET /api/v1/memories/search`: hits best first; `notice` says when the search was degraded (e.g. keyword only). */
export interface SearchResults {
  query: string;
  mode: 'hybrid' | 'keyword' | 'vector';
  results: SearchHit[];
  notice?: string;
}

export interface Categories {
  categories: Array<{ name: string; count: number }>;
  total: number;
}

/** Answer of the bulk actions (delete, archive, pause). */
export interface BulkResult {
  message: string;
  ids: string[];
}

/**
 * Server facts of `GET /api/v1/config`; its `features` name the optional endpoints. The dashboard
 * shows a "not available" state while a server answers them with 404.
 */
export interface ServerConfig {
  version: string | null;
  auth: 'required' | 'off';
  user_id: string | null;
  storage: { kind: string; vector_search: boolean; schema_version: number | null };
  embedder: { provider: string | null; model: string | null; dimensions: number | null; ok: boolean };
  categorizer: { llm: boolean; model: string | null };
  features: { activity: boolean; keys: boolean; export: boolean; import: boolean };
}

export interface ActivityEntry {
  kind: 'read' | 'write';
  action: string;
  memory_id: string;
  content: string | null;
  app_name: string | null;
  query: string | null;
  at: number;
}

export interface ApiKeyInfo {
  id: string;
  app: string | null;
  name: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface ApiKeys {
  keys: ApiKeyInfo[];
  total: number;
}

export interface CreatedKey extends ApiKeyInfo {
  /** Shown once. */
  token: string;
}

export interface ImportResult {
  format: string;
  dryRun: boolean;
  imported: number;
  skipped: number;
  failed: number;
  reasons: { skipped: Array<{ ref: string; reason: string }>; failed: Array<{ ref: string; reason: string }> };
  parsedGraph: { entities: unknown[]; relations: unknown[] };
  graph?: { entities: number; observations: number; relations: number; skipped: number };
  notice?: string;
}

/** `GET /api/v1/stats/timeline`: memories created per UTC day by app and by category, reads/writes per app. */
export interface Timeline {
  user_id: string;
  /** `YYYY-MM-DD`, oldest first. */
  days: string[];
  per_app: Array<{ day: string; counts: Record<string, number> }>;
  per_category: Array<{ day: string; counts: Record<string, number> }>;
  /** Reads and writes of the activity log in the window; `last_at` in Unix seconds. */
  apps: Array<{ app: string; reads: number; writes: number; last_at: number }>;
  truncated: boolean;
}
