/**
 * Page state kept in the URL's query string, so filters survive reloads, can be linked
 * (Home's "show all" link) and follow the back button.
 */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type UrlPatch = Record<string, string | number | readonly string[] | null | undefined>;

/**
 * The query string as a reader plus an updater; any change but `page` itself sends the
 * list back to page 1.
 */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const update = useCallback((patch: UrlPatch) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) {
        const value = Array.isArray(v) ? v.join(',') : v;
        if (value === undefined || value === null || value === '') next.delete(k); else next.set(k, String(value));
      }
      if (!('page' in patch)) next.delete('page');
      return next;
    }, { replace: !('page' in patch) && 'q' in patch });
  }, [setParams]);
  const list = (k: string) => params.get(k)?.split(',').filter(Boolean) ?? [];
  const int = (k: string, fallback: number) => {
    const n = Number(params.get(k));
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return { params, update, list, int };
}
