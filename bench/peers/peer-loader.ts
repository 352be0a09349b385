/**
 * Loads a peer package from the peers' own install folder, `bench/peers/node_modules`,
 * by dynamic `import()` of a resolved file path, so mnemo's build and dependencies never
 * know the peers exist. `npm install --prefix bench/peers` installs them
 * ({@link installPeers} runs it for `bench peers --install`).
 *
 * Failure contract: `loadPeer` rejects with a {@link BenchUsageError} saying how to
 * install when the package is absent; a package that fails while loading rejects with
 * its own error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchUsageError } from '../errors.js';
import { peersDir } from '../paths.js';

/** The command that installs the peers, for messages and the README. */
export const INSTALL_COMMAND = 'npm install --prefix bench/peers';

/** Folder of an installed peer package, or `null` when it is not installed. */
export function peerPackageDir(name: string): string | null {
  const dir = resolve(peersDir(), 'node_modules', ...name.split('/'));
  return existsSync(resolve(dir, 'package.json')) ? dir : null;
}

/** Installed version of a peer package, or `null`. */
export function peerVersion(name: string): string | null {
  const dir = peerPackageDir(name);
  return dir ? (JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? null : null;
}

type ExportTarget = string | { import?: ExportTarget; default?: ExportTarget; require?: ExportTarget } | undefined;

function importTarget(target: ExportTarget): string | undefined {
  if (typeof target === 'string' || target === undefined) return target;
  return importTarget(target.import) ?? importTarget(target.default) ?? importTarget(target.require);
}

/**
 * The file a peer's `name` + `subpath` (e.g. `mem0ai`, `./oss`) resolves to for `import`,
 * from its package.json `exports` (or `module`/`main`/`bin` for the root: a server
 * package such as `@modelcontextprotocol/server-memory` has only a `bin`).
 * @throws BenchUsageError when the package is not installed.
 */
export function peerEntry(name: string, subpath = '.'): string {
  const dir = peerPackageDir(name);
  if (!dir) throw new BenchUsageError(`peer ${name} is not installed in bench/peers (run: ${INSTALL_COMMAND}, or bench peers --install)`);
  const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as { exports?: Record<string, ExportTarget>; module?: string; main?: string; bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin ?? {})[0];
  const file = importTarget(pkg.exports?.[subpath]) ?? (subpath === '.' ? pkg.module ?? pkg.main ?? bin ?? 'index.js' : subpath);
  return resolve(dir, file);
}

/**
 * Imports a peer module by path.
 * @throws BenchUsageError when the package is not installed.
 */
export async function loadPeer<T>(name: string, subpath = '.'): Promise<T> {
  return (await import(pathToFileURL(peerEntry(name, subpath)).href)) as T;
}

/**
 * Runs `npm install --prefix bench/peers`, showing npm's output.
 * @throws Error when npm exits non-zero.
 */
export function installPeers(): void {
  console.error(`$ ${INSTALL_COMMAND}`);
  const result = spawnSync('npm', ['install', '--prefix', peersDir()], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${INSTALL_COMMAND} failed (exit ${result.status ?? result.signal})`);
}
