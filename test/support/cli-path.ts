/**
 * Paths and temp folders for cross-process tests: the built CLI entry point and a
 * per-test temporary directory removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root (the folder holding package.json), found from dist/test/support. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The built CLI, `dist/src/cli/main.js`. */
export const CLI_PATH = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

/** Creates a temp dir; returns it and a cleanup function. */
export function tempDir(prefix = 'mnemo-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
