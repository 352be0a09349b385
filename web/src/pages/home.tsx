/**
 * Home: totals, memories added per day, recent activity, a live ranked search over all
 * memories (debounced; mnemo's hybrid search, with scores) and the MCP install panel.
 */
import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useActivity, useHealth, useMemories, useSearch, useStats } from '../api/queries';
import type { Stats } from '../api/types';
import { ErrorAlert, Loading, NotAvailable } from '../components/feedback';
import { InstallPanel } from '../components/install-panel';
import { MemoryList } from '../components/memory-list';
import { AppReadsWrites, MemoriesOverTime } from '../components/timeline-charts';
import { appLabel, clip, count, strongHits, timeAgo } from '../lib/format';

/** How long typing must pause before the search asks the server, ms. */
const SEARCH_DEBOUNCE_MS = 300;

function StatCard({ label, value }: { label: string; value: number | undefined }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      {value === undefined ? <Skeleton h={28} mt={4} w={60} /> : <Text fz={26} fw={700} data-testid={`stat-${label.toLowerCase()}`}>{value.toLocaleString()}</Text>}
    </Paper>
  );
}

/** The last `days` UTC days, oldest first, with zero for days without memories. */
export function fillDays(perDay: Stats['memories_per_day'], days: number, now = new Date()): Array<{ day: string; memories: number }> {
  const counts = new Map(perDay.map((d) => [d.day, d.count]));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return { day, memories: counts.get(day) ?? 0 };
  });
}

function PerDayChart({ stats }: { stats: Stats | undefined }) {
  const [days, setDays] = useState('30');
  const data = useMemo(() => fillDays(stats?.memories_per_day ?? [], Number(days)), [stats, days]);
  const total = data.reduce((s, d) => s + d.memories, 0);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={3} size="h5">Memories added per day</Title>
        <SegmentedControl size="xs" value={days} onChange={setDays} aria-label="Chart period"
          data={[{ value: '30', label: '30 days' }, { value: '90', label: '90 days' }, { value: '365', label: '1 year' }]} />
      </Group>
      {stats === undefined ? <Skeleton h={220} /> : (
        <figure style={{ margin: 0 }} aria-label={`${count(total, 'memory', 'memories')} added in the last ${days} days`}>
          <BarChart h={220} data={data} dataKey="day" series={[{ name: 'memories', label: 'Memories', color: 'indigo.6' }]}
            gridAxis="none" xAxisProps={{ minTickGap: 24 }} yAxisProps={{ allowDecimals: false, width: 40 }} />
          <Text component="figcaption" size="xs" c="dimmed" mt={4}>{count(total, 'memory', 'memories')} in the last {days} days (UTC days).</Text>
        </figure>
      )}
    </Paper>
  );
}

/** Reads and writes, newest first; until the server offers `/api/v1/activity`, the latest writes and app reads. */
function RecentActivity({ stats }: { stats: Stats | undefined }) {
  const activity = useActivity(10);
  const offered = activity.data !== null && activity.data !== undefined;
  const writes = useMemories({ page: 1, size: 6, sort: 'updated_at', direction: 'desc' }, { enabled: activity.data === null });
  const readers = [...(stats?.apps ?? [])].filter((a) => a.last_accessed !== null).sort((a, b) => b.last_accessed! - a.last_accessed!).slice(0, 4);
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="sm">Recent activity</Title>
      {activity.error && <ErrorAlert error={activity.error} />}
      {activity.isPending && <Loading />}
      {offered && (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {activity.data!.items.map((e, i) => (
            <li key={`${e.memory_id}-${e.at}-${i}`}>
              <Group gap="xs" wrap="nowrap" align="baseline">
                <Badge size="xs" variant="light" color={e.kind === 'write' ? 'indigo' : 'gray'} style={{ flexShrink: 0, overflow: 'visible' }}>{e.action}</Badge>
                <Anchor component={Link} to={`/memories/${e.memory_id}`} size="sm" lineClamp={1}>{clip(e.content ?? e.memory_id, 90)}</Anchor>
              </Group>
              <Text size="xs" c="dimmed">{appLabel(e.app_name)} · {timeAgo(e.at)}{e.query ? ` · “${clip(e.query, 40)}”` : ''}</Text>
            </li>
          ))}
          {activity.data!.items.length === 0 && <Text size="sm" c="dimmed">Nothing yet.</Text>}
        </Stack>
      )}
      {activity.data === null && (
        <Stack gap="sm">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">Latest writes</Text>
          {writes.error ? <ErrorAlert error={writes.error} /> : (
            <MemoryList memories={writes.data?.items ?? []} empty="No active or paused memories." />
          )}
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">Latest reads by app</Text>
          {readers.length === 0 ? <Text size="sm" c="dimmed">No app has read a memory yet.</Text> : readers.map((a) => (
            <Text size="sm" key={a.name}>
              <Anchor component={Link} to={`/apps/${encodeURIComponent(a.name)}`}>{a.name}</Anchor> read {timeAgo(a.last_accessed)}
            </Text>
          ))}
          <NotAvailable title="Full activity feed">The server has no <code>/api/v1/activity</code> yet; showing the latest writes and reads per app instead.</NotAvailable>
        </Stack>
      )}
    </Paper>
  );
}

/** Hits shown on Home; the Memories page shows more. */
const HOME_SEARCH_LIMIT = 8;

/** mnemo's ranked search (hybrid keyword + meaning), best first with scores and the matched words marked. */
function LiveSearch() {
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  const results = useSearch({ query, limit: HOME_SEARCH_LIMIT }, { enabled: query !== '' });
  const hits = strongHits(results.data?.results ?? []);
  return (
    <Paper withBorder p="md" role="search">
      <TextInput label="Search all memories" placeholder="ask in your own words, e.g. where do I like to sit on a plane" value={text}
        onChange={(e) => setText(e.currentTarget.value)} type="search" />
      <div aria-live="polite">
        {query !== '' && (
          <Stack gap="xs" mt="sm">
            {results.error && <ErrorAlert error={results.error} title="Search failed" />}
            {results.isPending ? <Loading label="Searching" /> : results.data && (
              <>
                <Text size="xs" c="dimmed" data-testid="search-count">{count(hits.length, 'match', 'matches')}, best first</Text>
                {results.data.results.length > hits.length && (
                  <Text size="xs" c="dimmed" data-testid="weak-hidden">{count(results.data.results.length - hits.length, 'weaker match', 'weaker matches')} not shown (under half the best score)</Text>
                )}
                {results.data.notice && <Text size="xs" c="orange" data-testid="search-notice">{results.data.notice}</Text>}
                <MemoryList memories={hits} query={query} empty={`Nothing matches “${query}”.`} />
                {results.data.results.length === HOME_SEARCH_LIMIT && (
                  <Anchor component={Link} to={`/memories?q=${encodeURIComponent(query)}`} size="sm">More results in Memories →</Anchor>
                )}
              </>
            )}
          </Stack>
        )}
      </div>
    </Paper>
  );
}

export function HomePage() {
  useDocumentTitle('Home · mnemo');
  const stats = useStats();
  const health = useHealth();
  const s = stats.data;
  return (
    <Stack>
      <Title order={2}>Home</Title>
      {stats.error && <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <StatCard label="Memories" value={s?.total_memories} />
        <StatCard label="Apps" value={s?.total_apps} />
        <StatCard label="Paused" value={s ? (s.memories_by_state.paused ?? 0) : undefined} />
        <StatCard label="Archived" value={s ? (s.memories_by_state.archived ?? 0) : undefined} />
      </SimpleGrid>
      <LiveSearch />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <PerDayChart stats={s} />
        <RecentActivity stats={s} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <MemoriesOverTime />
        <AppReadsWrites />
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="sm">Connect an assistant (MCP)</Title>
        {s ? <InstallPanel user={s.user_id} authRequired={health.data?.auth === 'required'} /> : <Skeleton h={160} />}
      </Paper>
    </Stack>
  );
}
