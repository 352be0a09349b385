#!/usr/bin/env node
/**
 * The lean entry point of the Claude Code hook: `node dist/src/cli/hook-main.js [--db <file>]
 * [--user <id>] [--server <url>] claude-code`, the same as `mnemo hooks run claude-code` but
 * loading only what the hook needs (no HTTP server, MCP SDK or command set), so the
 * prompt hook starts in a fraction of the full CLI's time. `mnemo hooks install` registers
 * this file. Fail-open: it always exits 0, printing the hook output or nothing.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { claudeCodeHookOutput } from '../hooks/claude-code.js';

/** The hook gives up after this long, ms, printing nothing (see hooks.ts). */
const HOOK_DEADLINE_MS = 2_000;
/** Largest hook input read from stdin, bytes. */
const MAX_STDIN_BYTES = 1 << 20;

setTimeout(() => process.exit(0), HOOK_DEADLINE_MS).unref();
try {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2), allowPositionals: true, strict: true,
    options: { db: { type: 'string' }, user: { type: 'string' }, server: { type: 'string' } },
  });
  if (positionals[0] === 'claude-code') {
    const config = loadConfig(process.env, { db: values.db, user: values.user, embeddings: 'none' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > MAX_STDIN_BYTES) break;
      chunks.push(chunk as Buffer);
    }
    const out = await claudeCodeHookOutput(Buffer.concat(chunks).toString('utf8'), { db: config.db, userId: config.userId, server: values.server });
    if (out !== null) process.stdout.write(`${out}\n`);
  }
} catch {
  /* fail-open: no output, exit 0 */
}
