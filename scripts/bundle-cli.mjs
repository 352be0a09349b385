#!/usr/bin/env node
/**
 * Builds `dist/src/cli/program.bundle.js`: the CLI program (`dist/src/cli/program.js`) and
 * its pure-JavaScript dependencies in one ES module file, which `mnemo mcp` loads instead
 * of ~300 separate modules (src/cli/main.ts; issue 15: spawn to first answered search about
 * 340 -> 250 ms here, `npm run bench -- mcp-startup`). Run by `npm run build` and
 * `prepack` after `tsc`; `node scripts/bundle-cli.mjs` alone rebuilds it.
 *
 * What stays outside the bundle, loaded from node_modules as usual:
 * - every package imported by mnemo's own code that is not in BUNDLED: native addons
 *   (better-sqlite3, better-sqlite3-multiple-ciphers, sqlite-vec), the embedding models
 *   and runtimes (@energetic-ai/*, @huggingface/transformers, onnxruntime), pg, and
 *   anything optional or dev-only;
 * - worker threads: their entry files (`use-lite-worker.js`, `search-worker.js`) are run
 *   by `new Worker(new URL(..., import.meta.url))` from the unbundled dist/src tree.
 * Each bundled module's `import.meta.url` is rewritten to its original file's URL, so
 * those worker paths, the web UI folder and the hook/binary paths still resolve.
 * CommonJS dependencies (ajv) get a `require` from `createRequire`.
 *
 * Failure contract: exits 1 with esbuild's message when bundling fails; exits 0 with a
 * notice, writing nothing, when esbuild is not installed (the CLI then runs unbundled).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cliDir = join(root, 'dist', 'src', 'cli');
const entry = join(cliDir, 'program.js');
const outfile = join(cliDir, 'program.bundle.js');

/** Dependencies of mnemo that are pure JavaScript and go into the bundle (with their own dependencies). */
const BUNDLED = new Set(['@hono/node-server', '@modelcontextprotocol/sdk', 'cli-progress', 'cli-table3', 'commander', 'fflate', 'hono', 'jsonc-parser', 'smol-toml', 'zod']);
/** Never bundled, wherever imported from: native code, model files and runtimes. */
const NATIVE = /^(better-sqlite3|better-sqlite3-multiple-ciphers|sqlite-vec|sqlite-vec-.*|onnxruntime-.*|@energetic-ai\/.*|@huggingface\/.*|@tensorflow\/.*|pg|pg-native)$/;

/** `@scope/name` or `name` of a bare import specifier. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

if (!existsSync(entry)) {
  process.stderr.write('bundle-cli: dist/src/cli/program.js is missing; run tsc first\n');
  process.exit(1);
}
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('bundle-cli: esbuild is not installed; mnemo mcp will load the unbundled modules\n');
  process.exit(0);
}

const srcDir = join(root, 'dist', 'src');
const keepOurPaths = {
  name: 'mnemo-bundle-paths',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const name = packageOf(args.path);
      const fromOurCode = args.importer.startsWith(srcDir);
      if (NATIVE.test(name) || (fromOurCode && !BUNDLED.has(name))) return { path: args.path, external: true };
      return undefined;
    });
    // A bundled module of ours keeps seeing its own location as import.meta.url.
    build.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(srcDir)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'js' };
      const own = `new URL(${JSON.stringify(relative(cliDir, args.path).split('\\').join('/'))}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: 'js' };
    });
  },
};

try {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [keepOurPaths],
    banner: { js: "import { createRequire as __mnemoCreateRequire } from 'node:module'; const require = __mnemoCreateRequire(import.meta.url);" },
    legalComments: 'none',
  });
} catch (error) {
  process.stderr.write(`bundle-cli: ${error.message}\n`);
  process.exit(1);
}
process.stdout.write(`bundle-cli: wrote ${relative(root, outfile)} (${Math.round(readFileSync(outfile).length / 1024)} KiB)\n`);
