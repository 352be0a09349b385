#!/usr/bin/env node
/**
 * The lean entry point of the Claude Code hook: `node dist/src/cli/hook-main.js [--db <file>]
 * [--user <id>] [--db-key-file <file>] [--server <url>] claude-code`, the same as `mnemo hooks run claude-code` but
 * loading only what the hook needs (no HTTP server, MCP SDK or command set), so the
 * prompt hook starts in a fraction of the full CLI's time. `mnemo hooks install` registers
 * this file. Fail-open: it always exits 0, printing the hook output or nothing.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { claudeCodeHookOutput } from '../hooks/claude-code.js';
import { HOOK_DEADLINE_MS, readHookInput } from '../hooks/hook-input.js';


setTimeout(() => process.exit(0), HOOK_DEADLINE_MS).unref();
try {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2), allowPositionals: true, strict: true,
    options: { db: { type: 'string' }, user: { type: 'string' }, server: { type: 'string' }, 'db-key-file': { type: 'string' } },
  });
  if (positionals[0] === 'claude-code') {
    const config = loadConfig(process.env, { db: values.db, user: values.user, embeddings: 'none', dbKeyFile: values['db-key-file'] });
    const out = await claudeCodeHookOutput(await readHookInput(), { db: config.db, userId: config.userId, server: values.server, key: config.dbKey });
    if (out !== null) process.stdout.write(`${out}\n`);
  }
} catch {
  /* fail-open: no output, exit 0 */
}
