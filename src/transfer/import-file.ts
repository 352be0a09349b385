/**
 * Import of a file in any supported format (`mnemo import`, `POST /api/v1/import`, the
 * dashboard's import card): detect the format, parse it (formats/<peer>.ts), check each
 * memory, then write through the engine in one transaction.
 *
 * Outcome per part of the file: **imported**; **skipped** with a reason (the same text is
 * already stored in its scope, so a second import of a file imports 0; or left out on
 * purpose, e.g. deleted in the source); **failed** with a reason (in a JSON Lines file: a
 * corrupt line, or a record mnemo cannot hold; the other lines are imported). In a JSON
 * document any bad record or field throws `MnemoError('INVALID_INPUT')` naming it, and
 * nothing is stored. `dryRun` reports
 * the same counts and writes nothing.
 *
 * Knowledge-graph data goes into the knowledge graph (engine/graph): a peer's entities,
 * observations and relations by name through `memory.graph.importPeer` (existing entities
 * reused, repeated observations skipped, so a second import adds nothing), a mnemo
 * export's `graph` through `memory.graph.importAll` (validated before any write). The
 * parsed peer graph is also returned in `parsedGraph`; the counts of what went into the
 * graph in `graph`.
 */
import { gunzipSync } from 'node:zlib';
import { parseTime } from '../core/clock.js';
import { MnemoError } from '../core/errors.js';
import type { Memory } from '../engine/memory.js';
import { GraphExportSchema } from '../engine/graph/graph-transfer.js';
import { parseInput } from '../engine/inputs.js';
import { type ImportMemory, ImportMemorySchema } from '../engine/transfer.js';
import { IMPORT_FORMATS } from './formats/index.js';
import { isObject, parseJson } from './formats/common.js';
import { hasProtoKey } from '../core/limits.js';
import type { FilePeek, GraphEntity, GraphRelation, ImportIssue, ParsedImport, SourceFile } from './import-types.js';

/** What an import did (or, with `dryRun`, would do). */
export interface ImportReport {
  /** The format read (e.g. `openmemory`). */
  format: string;
  dryRun: boolean;
  imported: number;
  skipped: number;
  failed: number;
  /** Why each skipped / failed part was not imported, with where it is in the file. */
  reasons: { skipped: ImportIssue[]; failed: ImportIssue[] };
  /** Entities and relations found in a peer's file, as parsed. */
  parsedGraph: { entities: GraphEntity[]; relations: GraphRelation[] };
  /** What went into the knowledge graph (absent with `dryRun` or when the file has no graph). */
  graph?: { entities: number; observations: number; relations: number; skipped: number };
  /** Set when vectors could not be made (keyword search still finds the memories). */
  notice?: string;
}

/** Options of {@link importFile}. */
export interface ImportFileOptions {
  userId: string;
  /** A format id of formats/index.ts, or `auto` (detect). @default 'auto' */
  format?: string | undefined;
  /** Report, write nothing. @default false */
  dryRun?: boolean | undefined;
  /** Called with (memories embedded so far, memories to write) after each embedding batch. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Looks at a file once for detection. */
export function peekFile(file: SourceFile): FilePeek {
  const b = file.bytes;
  const zip = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  const gzip = b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
  if (zip) return { zip, gzip, text: null, json: undefined, firstLine: undefined };
  let text: string;
  try {
    text = (gzip ? gunzipSync(b) : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString('utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new MnemoError('INVALID_INPUT', `not a readable gzip file: ${(error as Error).message}`);
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  if (text.includes('__proto__') && hasProtoKey(json)) throw new MnemoError('INVALID_INPUT', 'the file holds a "__proto__" key, which is not allowed');
  let firstLine: Record<string, unknown> | undefined;
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '');
  if (line !== undefined) {
    try {
      const value: unknown = parseJson(line);
      if (isObject(value)) firstLine = value;
    } catch { /* not JSON Lines */ }
  }
  return { zip, gzip, text, json, firstLine };
}

/**
 * Parses `file` in `format` (`auto`: the first format that recognises it). Writes nothing.
 * @throws MnemoError INVALID_INPUT for an unknown format id, an unrecognised file, or a broken one (naming the line or field).
 */
export function readImportFile(file: SourceFile, format = 'auto'): ParsedImport {
  if (file.bytes.length === 0) throw new MnemoError('INVALID_INPUT', 'the file is empty');
  const peek = peekFile(file);
  if (format !== 'auto') {
    const chosen = IMPORT_FORMATS.find((f) => f.id === format);
    if (!chosen) throw new MnemoError('INVALID_INPUT', `unknown format ${JSON.stringify(format)}; one of: auto, ${IMPORT_FORMATS.map((f) => f.id).join(', ')}`);
    return chosen.parse(file, peek);
  }
  const found = IMPORT_FORMATS.find((f) => f.detect(file, peek));
  if (!found) {
    throw new MnemoError('INVALID_INPUT', `unrecognised file${file.name ? ` ${file.name}` : ''}: not one of ${IMPORT_FORMATS.map((f) => f.label).join('; ')}` +
      (peek.text !== null && peek.json === undefined && peek.firstLine === undefined ? ' (it is not JSON either)' : ''));
  }
  return found.parse(file, peek);
}

/**
 * Imports `file` for `options.userId` through `memory` (see the module header).
 * @throws MnemoError INVALID_INPUT for a broken or unrecognised file; nothing is stored then.
 * @example const report = await importFile(memory, { bytes, name: 'memories_export_alice.zip' }, { userId: 'alice', dryRun: true })
 */
export async function importFile(memory: Memory, file: SourceFile, options: ImportFileOptions): Promise<ImportReport> {
  const parsed = readImportFile(file, options.format ?? 'auto');
  const failed = [...parsed.failed];
  const accepted: Array<{ ref: string; memory: ImportMemory }> = [];
  for (const { ref, memory: m } of parsed.memories) {
    // A bad time in a JSON document is a broken file: the whole import stops, naming it.
    if (m.createdAt !== undefined) parseTime(m.createdAt, `${ref}.created_at`);
    if (m.updatedAt !== undefined) parseTime(m.updatedAt, `${ref}.updated_at`);
    const check = ImportMemorySchema.safeParse(m);
    if (check.success) { accepted.push({ ref, memory: m }); continue; }
    const reason = check.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    if (!parsed.tolerant) throw new MnemoError('INVALID_INPUT', `invalid ${parsed.format} file: ${ref}: ${reason}`);
    failed.push({ ref, reason });
  }
  // A mnemo export's graph is checked before anything is written, so a bad graph stores nothing.
  const nativeGraph = parsed.nativeGraph === undefined || parsed.nativeGraph === null ? null : parseInput(GraphExportSchema, parsed.nativeGraph, 'graph');
  const result = accepted.length === 0
    ? { imported: 0, skipped: 0, skippedIndexes: [] as number[] }
    : await memory.importAll(accepted.map((a) => a.memory), { userId: options.userId, dryRun: options.dryRun === true, onProgress: options.onProgress });
  const skipped = [...parsed.skipped, ...(result.skippedIndexes ?? []).map((i) => ({ ref: accepted[i]!.ref, reason: 'the same text is already stored (or earlier in the file)' }))];
  let graphImported: ImportReport['graph'];
  if (options.dryRun !== true) {
    const scope = { userId: options.userId };
    if (nativeGraph && nativeGraph.entities.length + nativeGraph.observations.length + nativeGraph.relations.length > 0) {
      graphImported = await memory.graph.importAll(nativeGraph, scope);
    }
    if (parsed.graph.entities.length + parsed.graph.relations.length > 0) {
      const peer = await memory.graph.importPeer(await withoutKnownObservations(memory, parsed.graph, options.userId), scope);
      for (const item of peer.skipped) skipped.push({ ref: item.item, reason: item.reason });
      graphImported = { entities: peer.entities, observations: peer.observations, relations: peer.relations, skipped: peer.skipped.length };
    }
  }
  return {
    format: parsed.format, dryRun: options.dryRun === true,
    imported: result.imported, skipped: skipped.length, failed: failed.length,
    reasons: { skipped, failed }, parsedGraph: parsed.graph, ...(graphImported ? { graph: graphImported } : {}),
    ...('notice' in result && result.notice !== undefined ? { notice: result.notice } : {}),
  };
}

/**
 * The peer graph minus observations the user's graph already holds with the same entity,
 * text and valid-from time, past ones included: the graph's own duplicate check looks at
 * currently valid facts only, so without this a second import would add a superseded
 * fact again.
 */
async function withoutKnownObservations(memory: Memory, peer: ParsedImport['graph'], userId: string): Promise<ParsedImport['graph']> {
  const known = new Set((await memory.graph.exportAll({ userId })).observations.map((o) => JSON.stringify([o.entity, o.content, typeof o.valid_at === 'number' ? o.valid_at : Date.parse(o.valid_at)])));
  const entities = peer.entities.map((e) => ({
    ...e,
    observations: e.observations.filter((o) => {
      const validAt = o.validFrom ?? o.createdAt;
      return validAt === undefined || !known.has(JSON.stringify([e.name, o.content, validAt]));
    }),
  }));
  return { entities, relations: peer.relations };
}
