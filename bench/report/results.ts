/**
 * The JSON record of one benchmark run, written under `bench/results/` (or the folder
 * given with `--out`) as `<command>-<UTC timestamp>.json`. Every record carries the
 * machine it ran on and the options it ran with, so a figure can always be traced to
 * the command that produced it.
 *
 * Failure contract: `writeResult` creates the folder if needed and throws the file
 * system's error if it cannot write.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, totalmem, arch } from 'node:os';
import { resolve } from 'node:path';

/** The machine a run happened on. Memory in bytes. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryBytes: number;
  freeMemoryBytes: number;
  os: string;
  node: string;
}

/** Envelope shared by every result file; `results` is the command's own shape. */
export interface RunRecord<T> {
  command: 'locomo' | 'latency' | 'peers' | 'peers-size' | 'filters' | 'mem0-platform' | 'hooks' | 'postgres' | 'context-latency' | 'encryption' | 'mcp-startup' | 'server-load' | 'calibrate' | 'write-keyword' | 'vector-threshold' | 'hamming-scan' | 'keyword-threshold' | 'breakdown';
  /** ISO-8601 UTC start time. */
  startedAt: string;
  /** Seconds the whole run took. */
  durationSeconds: number;
  machine: MachineInfo;
  /** The options as parsed (paths absolute). */
  options: Record<string, unknown>;
  results: T;
  /** Plot files written beside the JSON (absolute paths). */
  plots: string[];
}

/** Describes this machine (CPU model, core count, memory, OS, Node version). */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
  };
}

/** File-name stamp of a start time: `2025-01-31T12-04-05Z` (no colons, sorts by time). */
export function stamp(startedAt: string): string {
  return startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Writes a run record as pretty JSON to `<dir>/<command>-<stamp>.json`.
 * @returns the absolute path written.
 * @throws the file system's error when the folder or file cannot be written.
 */
export function writeResult<T>(dir: string, record: RunRecord<T>): string {
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `${record.command}-${stamp(record.startedAt)}.json`);
  writeFileSync(path, `${JSON.stringify(record, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
  return path;
}
