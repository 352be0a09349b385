/**
 * Every import format, in detection order (the first whose `detect` says yes wins; the
 * envelope-tagged formats come before the shape-guessed ones).
 */
import { mnemoFormat } from '../mnemo-envelope.js';
import type { ImportFormat } from '../import-types.js';
import { localMemoryMcpFormat } from './local-memory-mcp.js';
import { mcpMemoryFormat } from './mcp-memory-jsonl.js';
import { mem0Format } from './mem0.js';
import { omegaFormat } from './omega.js';
import { openMemoryFormat } from './openmemory.js';

/** The formats `--format` accepts (besides `auto`), in detection order. */
export const IMPORT_FORMATS: readonly ImportFormat[] = [mnemoFormat, localMemoryMcpFormat, omegaFormat, openMemoryFormat, mem0Format, mcpMemoryFormat];

/** The ids of {@link IMPORT_FORMATS}. */
export const IMPORT_FORMAT_IDS: readonly string[] = IMPORT_FORMATS.map((f) => f.id);
