/**
 * Test support: the package as a user gets it. `npm pack` of this checkout (its built
 * `dist/`), then an install of the tarball into an empty folder with no network:
 * `npm ci --offline` from a lockfile derived from this repository's (every runtime
 * dependency is in the local npm cache by integrity). Install scripts are skipped; the one
 * native module, better-sqlite3, would download its prebuilt binary in its install script,
 * so its binary built on this machine stands in for that download.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './cli-path.js';

/** Where the package got installed. */
export interface PackedInstall {
  /** The folder holding `node_modules/mnemo-memory` (run `npx mnemo-memory` here). */
  prefix: string;
  /** The tarball `npm pack` wrote. */
  tarball: string;
  /** File paths inside the tarball (`package/...`). */
  files: string[];
}

/** The registry tarball URL of a lock entry that lacks `resolved` (a lock written by `--package-lock-only`). */
function registryUrl(path: string, entry: Record<string, unknown>): string {
  const name = (entry.name as string | undefined) ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${String(entry.version)}.tgz`;
}

/** Packs this checkout into `dir` and installs the tarball offline into `dir/prefix`. */
export function packAndInstall(dir: string): PackedInstall {
  const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], PROJECT_ROOT)) as Array<{ filename: string; version: string; files: Array<{ path: string }> }>;
  const tarball = join(dir, packed[0]!.filename);
  const prefix = join(dir, 'prefix');
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; dependencies: Record<string, string>; optionalDependencies?: Record<string, string>; engines: unknown };
  const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const spec = `file:../${packed[0]!.filename}`;
  const packages: Record<string, unknown> = {
    '': { name: 'mnemo-user', dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version, resolved: spec, license: 'Apache-2.0', bin: pkg.bin, engines: pkg.engines,
      dependencies: pkg.dependencies, optionalDependencies: pkg.optionalDependencies,
    },
  };
  // The runtime dependencies (not dev) at the same places the repository's lock put them.
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev === true || entry.link === true) continue;
    packages[path] = entry.resolved === undefined ? { ...entry, resolved: registryUrl(path, entry) } : entry;
  }
  writeFileSync(join(dir, 'package.json'), '{}');
  execFileSync('mkdir', ['-p', prefix]);
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'mnemo-user', private: true, dependencies: { [pkg.name]: spec } }, null, 2));
  writeFileSync(join(prefix, 'package-lock.json'), JSON.stringify({ name: 'mnemo-user', lockfileVersion: 3, requires: true, packages }, null, 2));
  npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev'], prefix);
  cpSync(join(PROJECT_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    join(prefix, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
  return { prefix, tarball, files: packed[0]!.files.map((f) => f.path) };
}
