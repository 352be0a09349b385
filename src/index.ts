/**
 * mnemo's public API: the {@link Memory} engine (embedded / standalone mode), its
 * types, the error type, and the storage and embedding contracts for custom backends.
 */
export { Memory } from './engine/memory.js';
export type { MemoryOptions, AddOptions, AddInput, SearchOptions, ListOptions, ByIdOptions, ScopeOptions, MemoryPredicate, EngineInfo } from './engine/memory.js';
export type { ExtraFilters } from './engine/memory-options.js';
export type { SearchHit, SearchResult, AddEvent, AddResult, ListResult } from './engine/search-types.js';
export { DEFAULT_RELEVANCE_FLOOR } from './retrieval/calibration.js';
export type { HitSignals } from './retrieval/calibration.js';
export type { MemoryRecord, MemoryState, Metadata, HistoryEntry, StatusChange, AccessLogEntry, ActivityEntry, EntitySummary, Scope } from './core/memory.js';
export type { AppRecord, AccessRule, ApiKeyRecord, UserStats } from './core/governance.js';
export { parseFilter, evaluateFilter } from './core/filter.js';
export type { FilterNode, FilterCondition, FilterField, FilterOp } from './core/filter.js';
export { MnemoError, isMnemoError } from './core/errors.js';
export type { ErrorCode } from './core/errors.js';
export type { Embedder, EmbeddingConfig, Vector } from './embedding/embedder.js';
export { createEmbedder } from './embedding/create-embedder.js';
export type {
  MemoryStore, StoreCapabilities, MemoryFilter, NewMemory, Candidate, Visibility, VectorSpace, StoreStats, ListOrder,
  KeywordQuery, KeywordScore, ReindexCursor, InsertOutcome,
} from './storage/store.js';
export type { GovernanceStore, AppSort } from './storage/governance-store.js';
export { mapStorageFaults } from './storage/fault-mapping.js';
export { openSqliteStore } from './storage/sqlite/sqlite-store.js';
export { DbKey, readKeyFile } from './config/db-key.js';
export type { SqliteStoreOptions } from './storage/sqlite/sqlite-store.js';
