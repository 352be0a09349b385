/**
 * The dashboard's one door to the server: `fetch` against the public REST API of the
 * origin that served the page, with the API key (when one is saved in this browser).
 *
 * Failure contract: every non-2xx answer rejects with {@link ApiError}, carrying the
 * server's `{error: {code, message}}`; a network failure rejects with code `NETWORK`.
 * A 401 also tells {@link apiKeyStore} so the key prompt opens.
 */

/** Where the API key lives in this browser (only the person's own key, set by them). */
const KEY_STORAGE = 'mnemo.apiKey';

/** An error answer of the API. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** True when the server has no such route at all (an optional endpoint it does not offer). */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.message.startsWith('no route ');
}

/** The message to show a person for any error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

type Listener = () => void;

/** The saved API key and whether the server asked for one; a tiny external store for React. */
export const apiKeyStore = (() => {
  const listeners = new Set<Listener>();
  let needed = false;
  const read = (): string | null => {
    try { return localStorage.getItem(KEY_STORAGE); } catch { return null; }
  };
  let snapshot = { key: read(), needed };
  const emit = () => { snapshot = { key: read(), needed }; listeners.forEach((l) => l()); };
  return {
    subscribe(listener: Listener) { listeners.add(listener); return () => { listeners.delete(listener); }; },
    get: () => snapshot,
    set(key: string | null) {
      try {
        if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
      } catch { /* storage disabled: the key lasts for this page only */ }
      needed = false;
      emit();
    },
    markNeeded() { if (!needed) { needed = true; emit(); } },
  };
})();

/** Query-string values; `undefined`, `null` and `''` are left out, arrays are comma-joined. */
export type Query = Record<string, string | number | boolean | readonly string[] | null | undefined>;

export function toSearch(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) { if (v.length > 0) params.set(k, v.join(',')); } else params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * Calls the API and returns its JSON.
 * @example const stats = await api<Stats>('/api/v1/stats');
 */
export async function api<T>(path: string, options: { method?: string; query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const key = apiKeyStore.get().key;
  if (key) headers.Authorization = `Bearer ${key}`;
  // A Blob (a file to import) goes as is; anything else as JSON.
  const raw = typeof Blob !== 'undefined' && options.body instanceof Blob;
  if (options.body !== undefined) headers['Content-Type'] = raw ? 'application/octet-stream' : 'application/json';
  let res: Response;
  try {
    res = await fetch(path + toSearch(options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : raw ? (options.body as Blob) : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', `cannot reach the mnemo server: ${(error as Error).message}`);
  }
  const text = await res.text();
  let data: unknown = undefined;
  try { data = text ? JSON.parse(text) : undefined; } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    const body = data as { error?: { code?: string; message?: string } } | undefined;
    if (res.status === 401) apiKeyStore.markNeeded();
    throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? (res.statusText || 'request failed'));
  }
  if (data === undefined && text) throw new ApiError(res.status, 'BAD_RESPONSE', `the server answered ${path} with something other than JSON`);
  return data as T;
}
