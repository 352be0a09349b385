/**
 * mnemo's public API: the {@link Memory} engine (embedded / standalone mode), its
 * types, the error type, and the storage and embedding contracts for custom backends.
 */
export { Memory } from './engine/memory.js';
export type { MemoryOptions, AddOptions, AddInput, SearchOptions, ListOptions, ByIdOptions, ScopeOptions } from './engine/memory.js';
export type { SearchHit, SearchResult, AddEvent, AddResult, ListResult } from './engine/search-types.js';
export type { MemoryRecord, MemoryState, Metadata, HistoryEntry, StatusChange, AccessLogEntry, Scope } from './core/memory.js';
export { MnemoError, isMnemoError } from './core/errors.js';
export type { ErrorCode } from './core/errors.js';
export type { Embedder, EmbeddingConfig, Vector } from './embedding/embedder.js';
export { createEmbedder } from './embedding/create-embedder.js';
export type { MemoryStore, StoreCapabilities, MemoryFilter } from './storage/store.js';
export { openSqliteStore } from './storage/sqlite/sqlite-store.js';
