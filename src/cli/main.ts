#!/usr/bin/env node
/**
 * The `mnemo` binary. Loads the CLI program (program.ts) and nothing else first, so the
 * choice of how to load it costs no module loading:
 * - `mnemo mcp` is spawned by an MCP client that waits for its first answer, so it loads
 *   `program.bundle.js` when present: the program and its pure-JS dependencies (the MCP
 *   SDK, zod, ajv, commander, ...) in one file, built by `npm run build`
 *   (scripts/bundle-cli.mjs). Node 20 resolves, reads and compiles each of the ~300 ES
 *   modules of the unbundled graph one by one; the bundle cut spawn-to-first-search from
 *   about 340 to 250 ms here (issue 15, `npm run bench -- mcp-startup`, bench/README.md).
 * - A bundle older than program.js (the sources were rebuilt with `tsc` alone since) is
 *   stale and ignored, as is a missing one: the unbundled program runs, same behaviour.
 * - Every other command loads the unbundled program.
 */
import { statSync } from 'node:fs';
import { commandName } from './command-name.js';

/** The bundle when it exists and is at least as new as the program it was built from; else null. */
function freshBundle(): URL | null {
  const bundle = new URL('./program.bundle.js', import.meta.url);
  try {
    return statSync(bundle).mtimeMs >= statSync(new URL('./program.js', import.meta.url)).mtimeMs ? bundle : null;
  } catch {
    return null;
  }
}

const bundle = commandName(process.argv.slice(2)) === 'mcp' ? freshBundle() : null;
await import(bundle === null ? './program.js' : bundle.href);
