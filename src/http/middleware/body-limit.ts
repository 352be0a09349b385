/**
 * Request body size limits: one for every route (`HttpDeps.bodyLimitBytes`), and a larger
 * one for the routes that take whole files (`POST /api/v1/import`). A larger body is
 * answered 413 `PAYLOAD_TOO_LARGE` before any of it is parsed.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorResponse } from '../errors.js';

/** Largest request body by default: 1 MiB holds a batch of the longest memories (20k chars each) many times over. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * Largest import body: 64 MiB holds an export of ~100k typical memories (≈500 bytes of
 * JSON each) or 3k of the longest ones; the engine caps the count (MAX_IMPORT_MEMORIES).
 */
export const IMPORT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * A 413 guard for bodies over `maxSize` bytes (Content-Length or counted while streaming).
 * @param skip paths that bring their own, larger limit.
 */
export function limitBody(maxSize: number, skip: readonly string[] = []): MiddlewareHandler {
  const onError = (c: Context) => {
    // The unread rest of the body is still on the socket: close it rather than let a client reuse it.
    c.header('Connection', 'close');
    return errorResponse(c, 413, 'PAYLOAD_TOO_LARGE', `request body is larger than ${maxSize} bytes`);
  };
  const limit = bodyLimit({ maxSize, onError });
  return (c, next) => {
    if (skip.includes(c.req.path)) return next();
    // Fast path, the same decision hono's bodyLimit takes for a declared length, read from
    // the headers only: hono's reads `c.req.raw.body` first, which makes @hono/node-server
    // build a full web Request (undici, AbortController, stream adapters) instead of
    // reading the body straight from the socket (issue 15: about 5% of a keyword search's
    // CPU, `npm run bench:server -- --profile`). Node's parser never delivers more bytes than
    // the declared Content-Length. Chunked or undeclared bodies are counted by hono's.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length || '0', 10) > maxSize ? Promise.resolve(onError(c)) : next();
    }
    return limit(c, next);
  };
}
