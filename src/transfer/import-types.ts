/**
 * The shapes every importer produces: a file is parsed by one format module
 * (formats/<peer>.ts) into a {@link ParsedImport}, which import-file.ts then writes through
 * the engine. Parsing never writes; a structurally broken file throws
 * `MnemoError('INVALID_INPUT')` naming the line or field, so nothing is stored.
 */
import type { ImportMemory } from '../engine/transfer.js';

/** A file to import: its bytes and (when known) its name, which helps detection only. */
export interface SourceFile {
  bytes: Uint8Array;
  /** File name (e.g. `memories_export_alice.zip`); never opened, only used to guess the format. */
  name?: string | undefined;
}

/** One memory parsed from a file, with `ref` saying where it came from (e.g. `memories[3]`, `line 7`). */
export interface ParsedMemory {
  ref: string;
  memory: ImportMemory;
}

/**
 * An entity of a knowledge graph found in a file (local-memory-mcp, the official MCP memory
 * server). Kept structured so that a graph store can take it as is; until mnemo has one,
 * every observation is also imported as a memory (see graph-memories.ts).
 */
export interface GraphEntity {
  name: string;
  entityType: string;
  /** The entity's id in the source file, when it has one. */
  sourceId?: string | undefined;
  summary?: string | undefined;
  observations: GraphObservation[];
  /** Epoch ms. */
  createdAt?: number | undefined;
}

/** One observation (fact) about an entity. Times are epoch ms. */
export interface GraphObservation {
  content: string;
  sourceId?: string | undefined;
  source?: string | undefined;
  confidence?: number | undefined;
  validFrom?: number | undefined;
  validTo?: number | undefined;
  createdAt?: number | undefined;
}

/** A directed, typed relation between two entities, by name. */
export interface GraphRelation {
  from: string;
  to: string;
  relationType: string;
  weight?: number | undefined;
  /** Epoch ms. */
  createdAt?: number | undefined;
}

/** Something in the file that is not imported, and why. */
export interface ImportIssue {
  /** Where in the file (`line 4`, `observations[2]`). */
  ref: string;
  reason: string;
}

/** What a format module read from a file. */
export interface ParsedImport {
  /** The format's id (see formats/index.ts). */
  format: string;
  memories: ParsedMemory[];
  /** Knowledge-graph data of the file (also present as memories). */
  graph: { entities: GraphEntity[]; relations: GraphRelation[] };
  /** Parts left out on purpose (e.g. memories deleted in the source). */
  skipped: ImportIssue[];
  /** Parts that could not be read (e.g. a corrupt JSONL line). */
  failed: ImportIssue[];
  /**
   * A mnemo export's own knowledge graph (`graph`, engine/graph/graph-transfer.ts shape),
   * unvalidated; imported with `memory.graph.importAll`.
   */
  nativeGraph?: unknown;
  /**
   * True for line-based files (JSON Lines): a bad record is counted as failed and the rest
   * imported. False for one JSON document: a bad record makes the whole file invalid.
   */
  tolerant: boolean;
}

/** One import format: how to recognise it and how to read it. */
export interface ImportFormat {
  /** Id used by `--format` (e.g. `openmemory-zip`). */
  id: string;
  /** For people: whose format and which file. */
  label: string;
  /** True when the file is in this format (cheap: looks at the start or the envelope). */
  detect(file: SourceFile, peek: FilePeek): boolean;
  /** Reads the file. @throws MnemoError INVALID_INPUT naming the line or field when it is broken. */
  parse(file: SourceFile, peek: FilePeek): ParsedImport;
}

/** What detection looks at, computed once per file. */
export interface FilePeek {
  /** The file is a zip archive (starts with `PK\x03\x04`). */
  zip: boolean;
  /** The file is gzip (starts with 1f 8b). */
  gzip: boolean;
  /** The text (gunzipped if gzip), or null for a zip. */
  text: string | null;
  /** The parsed JSON document when the whole text is one JSON value, else undefined. */
  json: unknown;
  /** The first non-blank line parsed as JSON, when it is an object. */
  firstLine: Record<string, unknown> | undefined;
}

/** An empty result for `format`. */
export function emptyImport(format: string, tolerant = false): ParsedImport {
  return { format, memories: [], graph: { entities: [], relations: [] }, skipped: [], failed: [], tolerant };
}
