/**
 * `GET /api/v1/stats/timeline?days=30[&user_id=]`: the pictures behind the dashboard's
 * charts, for the last `days` UTC days (1-365, default 30):
 * `{user_id, days: ['YYYY-MM-DD', ...oldest first], per_app: [{day, counts: {APP: n}}],
 * per_category: [{day, counts: {CATEGORY: n}}], apps: [{app, reads, writes, last_at}],
 * truncated}`. `per_*` count memories created that day (any state but deleted; the user
 * acting directly is the app `"(direct)"`, a memory without category `"(none)"`); `apps`
 * counts the reads and writes of the activity log in the window, newest
 * {@link MAX_TIMELINE_EVENTS} events at most. Composed from `memory.getAll` (not logged
 * as a read) and `memory.activity`, at most {@link MAX_TIMELINE_MEMORIES} memories;
 * `truncated: true` says a cap was hit. User-level: a key bound to an app gets 403.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppEnv, assertUserLevel, type HttpDeps, resolveUser } from '../context.js';
import { readQuery } from '../request.js';

/** Newest memories one timeline reads (10 engine pages of 1000, the engine's page cap). */
export const MAX_TIMELINE_MEMORIES = 10_000;
/** Newest activity events one timeline reads (the engine's `activity` limit cap). */
export const MAX_TIMELINE_EVENTS = 1000;
/** Label of the user acting directly (no app). */
export const DIRECT_APP = '(direct)';
/** Label of memories without a category. */
export const NO_CATEGORY = '(none)';

const PAGE = 1000;
const DAY_MS = 86_400_000;
const QuerySchema = z.object({ user_id: z.string().optional(), days: z.coerce.number().int().min(1).max(365).default(30) });

/** The last `days` UTC days ending today, oldest first, as `YYYY-MM-DD`. */
export function lastDays(days: number, now = Date.now()): string[] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** The timeline router (mounted at `/api/v1/stats/timeline`). */
export function statsTimelineRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    assertUserLevel(c);
    const q = readQuery(c, QuerySchema);
    const userId = resolveUser(c, q.user_id);
    const days = lastDays(q.days);
    const from = `${days[0]}T00:00:00.000Z`;
    const perApp = new Map(days.map((d) => [d, {} as Record<string, number>]));
    const perCategory = new Map(days.map((d) => [d, {} as Record<string, number>]));
    let truncated = false;
    for (let offset = 0; offset < MAX_TIMELINE_MEMORIES; offset += PAGE) {
      const page = await deps.memory.getAll({ userId, log: false, states: ['active', 'paused', 'archived'], from, limit: PAGE, offset, orderBy: 'created_at', order: 'desc' });
      for (const m of page.results) {
        const day = m.createdAt.slice(0, 10);
        const a = perApp.get(day);
        const k = perCategory.get(day);
        if (!a || !k) continue;
        const app = m.app ?? DIRECT_APP;
        a[app] = (a[app] ?? 0) + 1;
        for (const cat of m.categories.length > 0 ? m.categories : [NO_CATEGORY]) k[cat] = (k[cat] ?? 0) + 1;
      }
      if (page.results.length < PAGE || offset + PAGE >= page.total) break;
      if (offset + PAGE >= MAX_TIMELINE_MEMORIES) truncated = true;
    }
    const events = await deps.memory.activity({ userId, limit: MAX_TIMELINE_EVENTS });
    const apps = new Map<string, { app: string; reads: number; writes: number; last_at: number }>();
    for (const e of events.rows) {
      if (e.createdAt < from) continue;
      const name = e.app ?? DIRECT_APP;
      const row = apps.get(name) ?? { app: name, reads: 0, writes: 0, last_at: 0 };
      if (e.kind === 'read') row.reads++; else row.writes++;
      row.last_at = Math.max(row.last_at, Math.floor(Date.parse(e.createdAt) / 1000));
      apps.set(name, row);
    }
    if (events.total > events.rows.length && events.rows.at(-1) && events.rows.at(-1)!.createdAt >= from) truncated = true;
    return c.json({
      user_id: userId,
      days,
      per_app: days.map((day) => ({ day, counts: perApp.get(day)! })),
      per_category: days.map((day) => ({ day, counts: perCategory.get(day)! })),
      apps: [...apps.values()].sort((x, y) => y.reads + y.writes - (x.reads + x.writes)),
      truncated,
    });
  });
  return routes;
}
