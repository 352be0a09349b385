#!/usr/bin/env node
/**
 * `npm run bundle`: builds `bundle/mnemo-<version>-<platform>-<arch>.mcpb`, a Claude Desktop
 * extension (MCP Bundle, built and checked with @anthropic-ai/mcpb).
 *
 * Layout inside: `manifest.json` (from bundle/manifest.json, with this package's version and
 * this platform) and `server/` = `dist/src`, `package.json` and the runtime dependencies
 * copied from this checkout's node_modules (the closure of `dependencies` in
 * package-lock.json; optional dependencies such as Transformers.js are left out, except the
 * sqlite-vec binary package of this platform).
 *
 * Native modules: better-sqlite3's compiled `better_sqlite3.node` and sqlite-vec's
 * loadable extension are copied as built for THIS platform, architecture and Node ABI, so
 * the bundle runs on the platform it is built on (the manifest's `compatibility.platforms`
 * says so). Build it once per platform (macOS arm64/x64, Windows x64, Linux x64) for a
 * release; Claude Desktop's built-in Node must have the same ABI as the Node that built it.
 *
 * Usage: `npm run build && npm run bundle [-- --out <file.mcpb>]`. Offline.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const out = resolve(values.out ?? join(root, 'bundle', `mnemo-${pkg.version}-${platform()}-${arch()}.mcpb`));
const stage = join(root, 'bundle', 'stage');
const mcpb = join(root, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');

if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) {
  process.stderr.write('bundle: dist/ is missing; run `npm run build` first\n');
  process.exit(2);
}

/** The lock path of `name` as seen from the package at `from` (Node's resolution: nearest node_modules up). */
function resolveDep(from, name) {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return null;
    const at = dir.lastIndexOf('/node_modules/');
    dir = at < 0 ? '' : dir.slice(0, at);
  }
}

/** Every lock path the runtime needs: `dependencies` and their dependencies (optional ones only when installed). */
const needed = new Set();
const queue = Object.keys(pkg.dependencies).map((name) => resolveDep('', name));
while (queue.length > 0) {
  const path = queue.pop();
  if (!path || needed.has(path) || !existsSync(join(root, path))) continue;
  needed.add(path);
  const entry = lock.packages[path];
  for (const name of [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {})]) queue.push(resolveDep(path, name));
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'server'), { recursive: true });
cpSync(join(root, 'dist', 'src'), join(stage, 'server', 'dist', 'src'), { recursive: true, filter: (f) => !/\.test\.(js|d\.ts)(\.map)?$|\.map$/.test(f) });
writeFileSync(join(stage, 'server', 'package.json'), `${JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', private: true, dependencies: pkg.dependencies }, null, 2)}\n`);
for (const path of needed) {
  cpSync(join(root, path), join(stage, 'server', path), { recursive: true, dereference: true, filter: (f) => !/[/\\](test|tests|docs|\.github)$|[/\\]deps[/\\]sqlite3$|[/\\]src[/\\].*\.(c|cc|h)$/.test(f) });
}
const manifest = JSON.parse(readFileSync(join(root, 'bundle', 'manifest.json'), 'utf8'));
manifest.version = pkg.version;
manifest.compatibility.platforms = [platform()];
writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

execFileSync(process.execPath, [mcpb, 'validate', join(stage, 'manifest.json')], { stdio: 'inherit' });
mkdirSync(dirname(out), { recursive: true });
execFileSync(process.execPath, [mcpb, 'pack', stage, out], { stdio: ['ignore', 'ignore', 'inherit'] });
rmSync(stage, { recursive: true, force: true });
process.stdout.write(`bundle: wrote ${out} (${needed.size} runtime packages, for ${platform()}-${arch()})\n`);
