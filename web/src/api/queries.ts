/**
 * Server state of the dashboard (TanStack Query): one hook per REST resource, and
 * {@link useAction} for every write. Lists are always one server page (never the full
 * list), so pages stay fast with 10k+ memories.
 *
 * Optional endpoints (`/api/v1/config`, `/activity`, `/keys`) resolve to `null` when the
 * server does not offer them, so pages can show a "not available" state instead of an error.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { api, errorMessage, isMissingRoute, type Query } from './client';
import type {
  AccessLogPage, ActivityEntry, ApiKeys, AppAccessedPage, AppInfo, AppMemoriesPage, AppsPage, Categories, CreatedKey, FeedbackList, Health,
  ImportResult, Memory, MemoryHistory, MemoryState, Page, Related, SearchResults, ServerConfig, Stats, Timeline } from './types';

export type SortColumn = 'content' | 'app' | 'created_at' | 'updated_at';

/** Filters, sort and page of the memories list (`GET /api/v1/memories`). */
export interface MemoryListParams {
  page: number;
  size: number;
  search?: string | undefined;
  app?: string | undefined;
  categories?: string[] | undefined;
  /** Empty: the server's default (active and paused). */
  states?: MemoryState[] | undefined;
  /** Unix seconds, inclusive. */
  from?: number | undefined;
  to?: number | undefined;
  sort?: SortColumn | undefined;
  direction?: 'asc' | 'desc' | undefined;
}

const toListQuery = (p: MemoryListParams): Query => ({
  page: p.page, size: p.size, search_query: p.search?.trim(), app_id: p.app, categories: p.categories,
  state: p.states, from_date: p.from, to_date: p.to, sort_column: p.sort, sort_direction: p.direction,
});

/** A page of memories. Keeps showing the previous page while the next loads. */
export function useMemories(params: MemoryListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['memories', params],
    queryFn: ({ signal }) => api<Page<Memory>>('/api/v1/memories', { query: toListQuery(params), signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** What a ranked search asks for (`GET /api/v1/memories/search`). */
export interface SearchParams {
  query: string;
  limit: number;
  app?: string | undefined;
  categories?: string[] | undefined;
  states?: MemoryState[] | undefined;
  /** Unix seconds, inclusive. */
  from?: number | undefined;
  to?: number | undefined;
}

/** mnemo's ranked (hybrid) search: best first, with scores. Keeps the previous hits while typing. */
export function useSearch(params: SearchParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['memories', 'search', params],
    queryFn: ({ signal }) => api<SearchResults>('/api/v1/memories/search', {
      query: { q: params.query.trim(), limit: params.limit, app_id: params.app, categories: params.categories, state: params.states, from_date: params.from, to_date: params.to }, signal,
    }),
    placeholderData: keepPreviousData,
    enabled: (options.enabled ?? true) && params.query.trim() !== '',
  });
}

export const useMemory = (id: string) => useQuery({
  queryKey: ['memory', id],
  queryFn: ({ signal }) => api<Memory>(`/api/v1/memories/${encodeURIComponent(id)}`, { signal }),
});

export const useMemoryHistory = (id: string) => useQuery({
  queryKey: ['memory', id, 'history'],
  queryFn: ({ signal }) => api<MemoryHistory>(`/api/v1/memories/${encodeURIComponent(id)}/history`, { signal }),
});

export const useAccessLog = (id: string, page: number, size = 10) => useQuery({
  queryKey: ['memory', id, 'access-log', page, size],
  queryFn: ({ signal }) => api<AccessLogPage>(`/api/v1/memories/${encodeURIComponent(id)}/access-log`, { query: { page, size }, signal }),
  placeholderData: keepPreviousData,
});

export const useFeedback = (id: string) => useQuery({
  queryKey: ['memory', id, 'feedback'],
  queryFn: ({ signal }) => api<FeedbackList>(`/api/v1/memories/${encodeURIComponent(id)}/feedback`, { signal }),
});

export const useRelated = (id: string) => useQuery({
  queryKey: ['memory', id, 'related'],
  queryFn: ({ signal }) => api<Related>(`/api/v1/memories/${encodeURIComponent(id)}/related`, { query: { size: 5 }, signal }),
});

export const useCategories = () => useQuery({
  queryKey: ['categories'],
  queryFn: ({ signal }) => api<Categories>('/api/v1/memories/categories', { signal }),
});

export interface AppListParams {
  page: number;
  size: number;
  name?: string | undefined;
  sortBy?: 'name' | 'memories' | 'memories_accessed';
  direction?: 'asc' | 'desc';
}

export const useApps = (p: AppListParams) => useQuery({
  queryKey: ['apps', p],
  queryFn: ({ signal }) => api<AppsPage>('/api/v1/apps', {
    query: { page: p.page, size: p.size, name: p.name?.trim(), sort_by: p.sortBy, sort_direction: p.direction }, signal,
  }),
  placeholderData: keepPreviousData,
});

export const useApp = (name: string) => useQuery({
  queryKey: ['app', name],
  queryFn: ({ signal }) => api<AppInfo>(`/api/v1/apps/${encodeURIComponent(name)}`, { signal }),
});

export const useAppMemories = (name: string, page: number, size: number, enabled = true) => useQuery({
  queryKey: ['app', name, 'memories', page, size],
  enabled,
  queryFn: ({ signal }) => api<AppMemoriesPage>(`/api/v1/apps/${encodeURIComponent(name)}/memories`, { query: { page, size }, signal }),
  placeholderData: keepPreviousData,
});

export const useAppAccessed = (name: string, page: number, size: number, enabled = true) => useQuery({
  queryKey: ['app', name, 'accessed', page, size],
  enabled,
  queryFn: ({ signal }) => api<AppAccessedPage>(`/api/v1/apps/${encodeURIComponent(name)}/accessed`, { query: { page, size }, signal }),
  placeholderData: keepPreviousData,
});

export const useStats = () => useQuery({
  queryKey: ['stats'],
  queryFn: ({ signal }) => api<Stats>('/api/v1/stats', { signal }),
});

/** Memories per day by app and by category, and reads/writes per app, over the last `days` UTC days (`null`: not offered). */
export const useTimeline = (days: number) => useQuery({
  queryKey: ['stats', 'timeline', days],
  queryFn: ({ signal }) => optional(() => api<Timeline>('/api/v1/stats/timeline', { query: { days }, signal })),
  placeholderData: keepPreviousData,
});

export const useHealth = () => useQuery({
  queryKey: ['health'],
  queryFn: ({ signal }) => api<Health>('/healthz', { signal }),
  staleTime: 30_000,
});

/** An optional endpoint: `null` while the server does not route it. */
async function optional<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (isMissingRoute(error)) return null;
    throw error;
  }
}

/** The database path and user for stdio install snippets (`db` null when the server does not share it). */
export const useInstallInfo = () => useQuery({
  queryKey: ['install'],
  queryFn: ({ signal }) => optional(() => api<{ user_id: string | null; db: string | null }>('/api/v1/install', { signal })),
  staleTime: Infinity,
});

export const useServerConfig = () => useQuery({
  queryKey: ['config'],
  queryFn: ({ signal }) => optional(() => api<ServerConfig>('/api/v1/config', { signal })),
  staleTime: Infinity,
});

export const useActivity = (size: number) => useQuery({
  queryKey: ['activity', size],
  queryFn: ({ signal }) => optional(() => api<Page<ActivityEntry>>('/api/v1/activity', { query: { page: 1, size }, signal })),
});

export const useApiKeys = () => useQuery({
  queryKey: ['keys'],
  queryFn: ({ signal }) => optional(() => api<ApiKeys>('/api/v1/keys', { signal })),
});

/** What a write changes in the cache after it succeeds. */
export interface ActionOptions<V, R> {
  /** Success toast, or none. */
  success?: (result: R, vars: V) => string;
  /** Memory ids the write deleted: their detail queries are not refetched (they would 404 while the page leaves). */
  deletes?: (vars: V, result: R) => readonly string[];
  /** Show failures as a toast too. @default true */
  notifyErrors?: boolean;
}

/**
 * A write through the REST API. On success every active query refetches (the lists are
 * single pages, so this is cheap) and a toast confirms; on failure the server's message
 * is shown in a toast (and stays on `error` for inline display).
 */
export function useAction<V, R>(fn: (vars: V) => Promise<R>, options: ActionOptions<V, R> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result, vars) => {
      const deleted = new Set(options.deletes?.(vars, result) ?? []);
      if (options.success) notifications.show({ color: 'teal', message: options.success(result, vars) });
      await qc.invalidateQueries({ predicate: (q) => !(q.queryKey[0] === 'memory' && deleted.has(q.queryKey[1] as string)) });
    },
    onError: (error) => {
      if (options.notifyErrors ?? true) notifications.show({ color: 'red', title: 'The server refused', message: errorMessage(error), autoClose: 8000 });
    },
  });
}

/** Writes of the memories API. */
export const memoryApi = {
  create: (body: { text: string; app?: string | undefined; categories?: string[] | undefined; metadata?: Record<string, unknown> | undefined }) =>
    api<Memory & { event: string; notice?: string }>('/api/v1/memories', { method: 'POST', body }),
  update: (v: { id: string; content: string; metadata?: Record<string, unknown> | undefined }) =>
    api<Memory>(`/api/v1/memories/${encodeURIComponent(v.id)}`, { method: 'PUT', body: { memory_content: v.content, ...(v.metadata ? { metadata: v.metadata } : {}) } }),
  remove: (ids: readonly string[]) => api<{ message: string; ids: string[] }>('/api/v1/memories', { method: 'DELETE', body: { memory_ids: ids } }),
  archive: (ids: readonly string[]) => api<{ message: string; ids: string[] }>('/api/v1/memories/actions/archive', { method: 'POST', body: { memory_ids: ids } }),
  setState: (ids: readonly string[], state: MemoryState) =>
    api<{ message: string; ids: string[] }>('/api/v1/memories/actions/pause', { method: 'POST', body: { memory_ids: ids, state } }),
};

export const appApi = {
  setActive: (name: string, active: boolean) =>
    api<{ message: string; app: AppInfo }>(`/api/v1/apps/${encodeURIComponent(name)}`, { method: 'PUT', body: { is_active: active } }),
};

/** Optional endpoints (announced in GET /api/v1/config `features`); used only when the server offers them. */
export const keyApi = {
  create: (v: { app?: string | undefined; name?: string | undefined }) => api<CreatedKey>('/api/v1/keys', { method: 'POST', body: v }),
  revoke: (id: string) => api<{ message: string }>(`/api/v1/keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export const dataApi = {
  exportAll: () => api<unknown>('/api/v1/export', { query: { version: 2 } }),
  /** Imports a file of any supported format (detected by the server); `dryRun` changes nothing. */
  importFile: ({ file, dryRun }: { file: Blob; dryRun: boolean }) =>
    api<ImportResult>('/api/v1/import', { method: 'POST', body: file, query: dryRun ? { dry_run: 'true' } : {} }),
};
