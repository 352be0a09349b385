/**
 * In-process test harness of the HTTP app (for `*.test.ts` beside the routes): a real
 * in-memory SQLite engine, keyword-only (no embedder) unless given one, and `call()`
 * that sends JSON through `app.request` (no port) and parses the JSON answer.
 */
import { Memory, type MemoryOptions } from '../../src/engine/memory.js';
import { createHttpApp } from '../../src/http/app.js';
import type { HttpDeps } from '../../src/http/context.js';

/** A parsed JSON body (tests index into it freely). */
export type Json = Record<string, any>;

/**
 * An app over a fresh `:memory:` engine. Auth is off with default user `alice` unless
 * `deps.auth` says otherwise.
 * @example const h = harness(); const res = await h.call('GET', '/api/v1/memories'); await h.memory.close();
 */
export function harness(deps: Partial<HttpDeps> = {}, memoryOptions: MemoryOptions = {}) {
  const memory = new Memory({ path: ':memory:', embedder: null, ...memoryOptions });
  const app = createHttpApp({ memory, auth: { required: false, defaultUserId: 'alice' }, ...deps }, { log: () => {} });
  /** Sends `body` (JSON-encoded unless a string) and returns status, parsed body and headers. */
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json, headers: res.headers, text };
  };
  return { memory, app, call };
}
