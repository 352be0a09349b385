/**
 * Request origin policy of every HTTP route (REST, mem0, MCP, dashboard): the defence
 * against cross-site requests and DNS rebinding on a loopback server that may run with
 * auth off. Four rules, checked before auth and before any route:
 *
 * 1. **Host.** The `Host` of the request must name the server: one of
 *    {@link OriginPolicy.hosts} (by default the listen address and, on loopback, the
 *    loopback names `localhost`, `127.0.0.1`, `[::1]`), with the listen port once known.
 *    A rebinding page reaches the server under the attacker's name (`Host: evil.example`),
 *    so it is refused here (403 `FORBIDDEN`). MCP spec 2025-06-18, "Security Warning":
 *    servers must validate `Origin` and should bind to localhost.
 * 2. **Origin.** A request that carries `Origin` must come from the server's own origin
 *    (the origin the request was addressed to, under an accepted Host) or from an origin
 *    listed with `--cors`; anything else (including `Origin: null`) is 403. Without
 *    `Origin`, a browser's `Sec-Fetch-Site: cross-site|same-site` on a non-navigation
 *    request is refused too (a `no-cors` GET carries no `Origin`).
 * 3. **Content type.** `POST`, `PUT` and `PATCH` must carry `Content-Type:
 *    application/json` (415 otherwise): a page can only send `text/plain`, form or
 *    multipart bodies without a CORS preflight, so no "simple" cross-site request can
 *    change anything. (`DELETE` is never simple: it always needs a preflight.) The file
 *    upload of {@link FILE_UPLOAD_PATHS} takes `application/octet-stream` (or zip/gzip)
 *    instead: those types are not CORS-safelisted either, so they need a preflight too.
 * 4. **Administration only from the dashboard's own origin.** Minting/revoking keys,
 *    import, export, pausing apps, access rules, configuration and bulk state changes
 *    (archive/pause all)
 *    ({@link ADMIN_PATHS}) refuse a browser `Origin` other than the server's own, even
 *    one listed with `--cors`.
 *
 * Clients that are not browsers (mem0 SDKs, MCP clients, curl) send no `Origin` and no
 * `Sec-Fetch-*` headers, and a correct `Host`, so they are unaffected.
 *
 * Failure contract: refused requests answer `{error: {code, message}}` with 403
 * `FORBIDDEN` or 415 `INVALID_INPUT`; the middleware never throws.
 */
import { networkInterfaces } from 'node:os';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { errorResponse } from '../errors.js';

/** Names of this machine's loopback interface, accepted in `Host` on a loopback server. */
export const LOOPBACK_NAMES: readonly string[] = Object.freeze(['localhost', '127.0.0.1', '[::1]']);

/**
 * Path prefixes of user-level administration: a browser may only reach them from the
 * server's own origin (the dashboard), never from a `--cors` origin.
 */
export const ADMIN_PATHS: readonly string[] = Object.freeze([
  '/api/v1/keys', '/api/v1/import', '/api/v1/export', '/api/v1/apps', '/api/v1/access-rules', '/api/v1/config',
  '/api/v1/memories/actions',
]);

/** Routes that take a whole file as the body (`POST /api/v1/import`, routes/transfer.ts). */
export const FILE_UPLOAD_PATHS: readonly string[] = Object.freeze(['/api/v1/import']);
/** Body types of a file upload; none is CORS-safelisted (Fetch standard, "CORS-safelisted request-header"). */
const FILE_TYPES = new Set(['application/octet-stream', 'application/zip', 'application/gzip', 'application/x-ndjson']);

/** Methods that change state and so must carry a JSON body type. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Settings of {@link originPolicy}. Mutable `port`: known only after the socket binds. */
export interface OriginPolicy {
  /**
   * Host names (lower case, IPv6 in brackets) accepted in `Host`, each optionally with
   * `:port` (then only that port). A name without a port matches on {@link port}, or any
   * port while `port` is undefined (in-process tests).
   */
  hosts: string[];
  /** The listen port, once bound. @default undefined (any port) */
  port?: number | undefined;
  /** Extra browser origins allowed (the `--cors` list, exact `scheme://host[:port]`). @default [] */
  cors?: string[] | undefined;
}

/**
 * The hosts accepted by default when listening on `listenHost`: the address itself; for
 * loopback addresses also {@link LOOPBACK_NAMES}; for a wildcard (`0.0.0.0`, `::`) also
 * every interface address of this machine.
 */
export function defaultHosts(listenHost: string): string[] {
  const host = normaliseName(listenHost);
  const out = new Set<string>([host]);
  const loopback = host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  const wildcard = host === '0.0.0.0' || host === '[::]';
  if (loopback || wildcard) LOOPBACK_NAMES.forEach((n) => out.add(n));
  if (wildcard) {
    for (const list of Object.values(networkInterfaces())) {
      for (const i of list ?? []) out.add(normaliseName(i.address));
    }
  }
  return [...out];
}

/** A host name as compared: lower case, IPv6 literals in brackets. */
export function normaliseName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.includes(':') && !n.startsWith('[') ? `[${n}]` : n;
}

/** Splits `host[:port]` (IPv6 in brackets) into its name and port. */
function splitHost(value: string): { name: string; port: string | undefined } {
  const v = value.trim().toLowerCase();
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(v);
  return m ? { name: m[1]!, port: m[2] } : { name: v, port: undefined };
}

/** True when `host` (a Host header value, `name[:port]`) is accepted by `policy`. */
export function hostAllowed(policy: OriginPolicy, host: string): boolean {
  const { name, port } = splitHost(host);
  const effectivePort = port ?? '80';
  return policy.hosts.some((entry) => {
    const e = splitHost(entry);
    if (e.name !== name) return false;
    if (e.port !== undefined) return e.port === effectivePort;
    return policy.port === undefined || String(policy.port) === effectivePort;
  });
}

/** A one-line description for the server's startup message. */
export function describePolicy(policy: OriginPolicy): string {
  const port = policy.port === undefined ? '' : `:${policy.port}`;
  const hosts = policy.hosts.map((h) => (splitHost(h).port === undefined ? `${h}${port}` : h));
  const cors = policy.cors?.length ? policy.cors.join(' ') : 'none';
  return `accepted Host ${hosts.join(' ')}; browser origins: the server's own, --cors ${cors} (add names with --allowed-hosts)`;
}

/**
 * The middleware enforcing `policy` (see the module header).
 * @example app.use('*', originPolicy({ hosts: defaultHosts('127.0.0.1'), port: 8765 }));
 */
export function originPolicy(policy: OriginPolicy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const host = c.req.header('host') ?? url.host;
    if (!hostAllowed(policy, host)) {
      return errorResponse(c, 403, 'FORBIDDEN', `Host "${host.slice(0, 200)}" is not accepted by this server (see --allowed-hosts)`);
    }
    const origin = c.req.header('origin');
    const own = origin !== undefined && isOwnOrigin(origin, url.protocol, host);
    if (origin !== undefined) {
      const listed = policy.cors?.includes(origin) ?? false;
      if (!own && !listed) return errorResponse(c, 403, 'FORBIDDEN', `requests from origin "${origin.slice(0, 200)}" are not allowed (see --cors)`);
      if (!own && isAdminPath(c.req.path)) {
        return errorResponse(c, 403, 'FORBIDDEN', `${c.req.path} is only available to the dashboard of this server, not to origin "${origin.slice(0, 200)}"`);
      }
    } else if (crossSiteWithoutOrigin(c)) {
      return errorResponse(c, 403, 'FORBIDDEN', 'cross-site requests are not allowed');
    }
    const upload = FILE_UPLOAD_PATHS.includes(c.req.path) && isFileType(c.req.header('content-type'));
    if (BODY_METHODS.has(c.req.method) && !upload && !isJson(c.req.header('content-type'))) {
      return errorResponse(c, 415, 'INVALID_INPUT', `${c.req.method} requests must send "Content-Type: application/json"`);
    }
    return next();
  };
}

/** Whether `origin` is the origin the request was addressed to (`scheme://Host`). */
function isOwnOrigin(origin: string, protocol: string, host: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === 'null' || parsed.protocol !== protocol) return false;
  const defaultPort = protocol === 'https:' ? '443' : '80';
  const a = splitHost(parsed.host);
  const b = splitHost(host);
  return a.name === b.name && (a.port ?? defaultPort) === (b.port ?? defaultPort);
}

function isAdminPath(path: string): boolean {
  return ADMIN_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
}

/** A browser request from another site that carries no `Origin` (e.g. a `no-cors` GET), other than a navigation. */
function crossSiteWithoutOrigin(c: Context<AppEnv>): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site === undefined || site === 'same-origin' || site === 'none') return false;
  return c.req.header('sec-fetch-mode') !== 'navigate';
}

function isFileType(contentType: string | undefined): boolean {
  return contentType !== undefined && FILE_TYPES.has(contentType.split(';')[0]!.trim().toLowerCase());
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
