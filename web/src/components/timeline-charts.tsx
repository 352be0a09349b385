/**
 * Pictures of the last days (`GET /api/v1/stats/timeline`): memories created per UTC day
 * stacked by app or by category, and what each app read and wrote. The busiest
 * {@link TOP_SERIES} apps/categories get their own colour, the rest are summed as "other".
 */
import { BarChart } from '@mantine/charts';
import { Group, Paper, SegmentedControl, Skeleton, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTimeline } from '../api/queries';
import type { Timeline } from '../api/types';
import { count } from '../lib/format';
import { ErrorAlert, NotAvailable } from './feedback';

/** Apps or categories drawn in their own colour; a legend of more is unreadable. */
export const TOP_SERIES = 8;
const COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'pink.6', 'lime.7', 'yellow.6'];
const OTHER = 'other';

/** Rows for a stacked chart: one per day, a column per top series plus `other`. */
export function stackRows(perDay: Timeline['per_app']): { rows: Array<Record<string, string | number>>; names: string[] } {
  const totals = new Map<string, number>();
  for (const d of perDay) for (const [k, n] of Object.entries(d.counts)) totals.set(k, (totals.get(k) ?? 0) + n);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const top = ranked.slice(0, ranked.length > TOP_SERIES ? TOP_SERIES - 1 : TOP_SERIES);
  const names = ranked.length > top.length ? [...top, OTHER] : top;
  const rows = perDay.map((d) => {
    const row: Record<string, string | number> = { day: d.day };
    for (const n of names) row[n] = 0;
    for (const [k, n] of Object.entries(d.counts)) {
      const key = top.includes(k) ? k : OTHER;
      row[key] = (row[key] as number) + n;
    }
    return row;
  });
  return { rows, names };
}

function Period({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <SegmentedControl size="xs" value={value} onChange={onChange} aria-label="Chart period"
      data={[{ value: '7', label: '7 days' }, { value: '30', label: '30 days' }, { value: '90', label: '90 days' }]} />
  );
}

/** Memories created per day, stacked by app or by category (switchable). */
export function MemoriesOverTime() {
  const [days, setDays] = useState('30');
  const [by, setBy] = useState<'app' | 'category'>('app');
  const timeline = useTimeline(Number(days));
  const t = timeline.data;
  const { rows, names } = useMemo(() => stackRows(t ? (by === 'app' ? t.per_app : t.per_category) : []), [t, by]);
  const total = rows.reduce((s, r) => s + names.reduce((x, n) => x + (r[n] as number), 0), 0);
  return (
    <Paper withBorder p="md" data-testid="chart-over-time">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={3} size="h5">Memories over time by {by}</Title>
        <Group gap="xs">
          <SegmentedControl size="xs" value={by} onChange={(v) => setBy(v as 'app' | 'category')} aria-label="Group by"
            data={[{ value: 'app', label: 'Per app' }, { value: 'category', label: 'Per category' }]} />
          <Period value={days} onChange={setDays} />
        </Group>
      </Group>
      {timeline.error && <ErrorAlert error={timeline.error} />}
      {t === null && <NotAvailable title="Memories over time">The server has no <code>/api/v1/stats/timeline</code>.</NotAvailable>}
      {t === undefined && !timeline.error && <Skeleton h={240} />}
      {t && (
        <figure style={{ margin: 0 }} aria-label={`${count(total, 'memory', 'memories')} created in the last ${days} days, by ${by}`}>
          {names.length === 0 ? <Text size="sm" c="dimmed">No memories in the last {days} days.</Text> : (
            <BarChart h={240} data={rows} dataKey="day" type="stacked" withLegend legendProps={{ verticalAlign: 'bottom' }}
              series={names.map((name, i) => ({ name, color: name === OTHER ? 'gray.5' : COLORS[i % COLORS.length]! }))}
              gridAxis="none" xAxisProps={{ minTickGap: 24 }} yAxisProps={{ allowDecimals: false, width: 40 }} />
          )}
          <Text component="figcaption" size="xs" c="dimmed" mt={4}>
            {count(total, 'memory', 'memories')} created in the last {days} days (UTC days, any state but deleted){t.truncated ? '; only the newest 10,000 are counted' : ''}.
          </Text>
        </figure>
      )}
    </Paper>
  );
}

/** Reads and writes per app in the last days, from the activity log. */
export function AppReadsWrites() {
  const [days, setDays] = useState('7');
  const timeline = useTimeline(Number(days));
  const t = timeline.data;
  const rows = (t?.apps ?? []).slice(0, 12);
  return (
    <Paper withBorder p="md" data-testid="chart-reads-writes">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={3} size="h5">What each app read and wrote</Title>
        <Period value={days} onChange={setDays} />
      </Group>
      {timeline.error && <ErrorAlert error={timeline.error} />}
      {t === null && <NotAvailable title="Reads and writes per app">The server has no <code>/api/v1/stats/timeline</code>.</NotAvailable>}
      {t === undefined && !timeline.error && <Skeleton h={200} />}
      {t && (
        <figure style={{ margin: 0 }} aria-label={`Reads and writes per app in the last ${days} days`}>
          {rows.length === 0 ? <Text size="sm" c="dimmed">No app read or wrote a memory in the last {days} days.</Text> : (
            <BarChart h={Math.max(140, rows.length * 36 + 60)} data={rows} dataKey="app" orientation="vertical" withLegend legendProps={{ verticalAlign: 'bottom' }}
              series={[{ name: 'reads', label: 'Reads', color: 'teal.6' }, { name: 'writes', label: 'Writes', color: 'indigo.6' }]}
              gridAxis="none" xAxisProps={{ allowDecimals: false }} yAxisProps={{ width: 110 }} />
          )}
          <Text component="figcaption" size="xs" c="dimmed" mt={4}>
            Reads (searches, gets, lists by an app) and writes (adds, updates, deletes, state changes) in the last {days} days; “(direct)” is you, without an app{t.truncated ? '; from the newest 1,000 events' : ''}.
          </Text>
        </figure>
      )}
    </Paper>
  );
}
