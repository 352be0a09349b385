/**
 * The one place where errors become HTTP responses. Every route throws `MnemoError`;
 * `onError` maps its code to a status and the body `{error: {code, message}, detail}`. The two
 * failures that have no engine code (no/invalid credentials, oversized body) are
 * answered by {@link errorResponse} with `UNAUTHENTICATED`/401 and `PAYLOAD_TOO_LARGE`/413.
 *
 * Unexpected errors answer 500 `INTERNAL` with a generic message (the detail goes to the
 * server log, never to the client: it may hold paths or SQL).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, MnemoError } from '../core/errors.js';

/** Codes of HTTP error bodies: the engine's, plus two only the HTTP edge raises. */
export type HttpErrorCode = ErrorCode | 'UNAUTHENTICATED' | 'PAYLOAD_TOO_LARGE';

/** HTTP status of each engine error code. */
export const STATUS_OF: Readonly<Record<ErrorCode, ContentfulStatusCode>> = Object.freeze({
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
});

/**
 * Shape of every error body: mnemo's `error` and, beside it, mem0's `detail` (the same
 * message; mem0's Python client shows `detail` in its exception messages).
 */
export interface ErrorBody {
  error: { code: HttpErrorCode; message: string };
  detail: string;
}

/** An error response with the standard body. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: HttpErrorCode, message: string): Response {
  return c.json({ error: { code, message }, detail: message } satisfies ErrorBody, status);
}

/**
 * Builds the app's error handler.
 * @param log where unexpected errors are reported. @default console.error
 */
export function errorHandler(log: (message: string, error: unknown) => void = console.error): ErrorHandler {
  return (error, c) => {
    if (error instanceof MnemoError) {
      if (error.code === 'INTERNAL') log(`${c.req.method} ${c.req.path}: internal error`, error);
      const retryAfter = error.data?.['retryAfterSeconds'];
      if (error.code === 'UNAVAILABLE' && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
      return errorResponse(c, STATUS_OF[error.code], error.code, error.code === 'INTERNAL' ? 'internal error' : error.message);
    }
    if (error instanceof HTTPException) {
      // Hono's own (e.g. a body stream cut short); keep its status, standardise the body.
      const status = error.status as ContentfulStatusCode;
      const code: HttpErrorCode = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHENTICATED' : status < 500 ? 'INVALID_INPUT' : 'INTERNAL';
      return errorResponse(c, status, code, error.message || 'request failed');
    }
    log(`${c.req.method} ${c.req.path}: unexpected error`, error);
    return errorResponse(c, 500, 'INTERNAL', 'internal error');
  };
}

/** 404 for routes that do not exist, in the same body shape. */
export const notFoundHandler: NotFoundHandler = (c) => errorResponse(c, 404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`);
