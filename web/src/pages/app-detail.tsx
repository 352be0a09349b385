/** One app: its state (pause/resume), counts, and tabs for the memories it created and the ones it accessed. */
import { Anchor, Badge, Group, Pagination, Paper, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApp, useAppAccessed, useAppMemories } from '../api/queries';
import type { Memory } from '../api/types';
import { AppToggle } from '../components/app-toggle';
import { AppStateBadge, CategoryBadges, Empty, ErrorAlert, Loading, StateBadge } from '../components/feedback';
import { count, formatTime, timeAgo } from '../lib/format';

const PAGE_SIZE = 20;

type Row = { memory: Memory; count?: number };

function MemoryTable({ rows, extra }: { rows: Row[]; extra?: string }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr><Table.Th>Content</Table.Th><Table.Th>Categories</Table.Th><Table.Th>Created</Table.Th><Table.Th>State</Table.Th>{extra && <Table.Th>{extra}</Table.Th>}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ memory: m, count }) => (
            <Table.Tr key={m.id}>
              <Table.Td maw={420}><Anchor component={Link} to={`/memories/${m.id}`} size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>{m.content}</Anchor></Table.Td>
              <Table.Td><CategoryBadges categories={m.categories} /></Table.Td>
              <Table.Td><Text size="xs" style={{ whiteSpace: 'nowrap' }}>{formatTime(m.created_at)}</Text></Table.Td>
              <Table.Td><StateBadge state={m.state} /></Table.Td>
              {extra && <Table.Td>{count}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Pager({ total, page, onChange }: { total: number; page: number; onChange: (p: number) => void }) {
  return (
    <Group justify="space-between">
      <Text size="xs" c="dimmed">{count(total, 'memory', 'memories')}</Text>
      <Pagination size="sm" total={Math.ceil(total / PAGE_SIZE)} value={page} onChange={onChange} getItemProps={(p) => ({ 'aria-label': `Page ${p}` })} />
    </Group>
  );
}

/** One tab: a server page of the app's memories, created or accessed. */
function PagedMemories({ name, tab }: { name: string; tab: 'created' | 'accessed' }) {
  const [page, setPage] = useState(1);
  const created = useAppMemories(name, page, PAGE_SIZE, tab === 'created');
  const accessed = useAppAccessed(name, page, PAGE_SIZE, tab === 'accessed');
  const q = tab === 'created' ? created : accessed;
  const rows: Row[] | undefined = tab === 'created'
    ? created.data?.memories.map((memory) => ({ memory }))
    : accessed.data?.memories.map((r) => ({ memory: r.memory, count: r.access_count }));
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data || !rows) return <Loading />;
  if (q.data.total === 0) return <Empty>{tab === 'created' ? 'This app has not written a memory.' : 'This app has not read a memory.'}</Empty>;
  return (
    <Stack>
      <MemoryTable rows={rows} {...(tab === 'accessed' ? { extra: 'Reads' } : {})} />
      <Pager total={q.data.total} page={page} onChange={setPage} />
    </Stack>
  );
}

export function AppDetailPage() {
  const name = useParams().name!;
  useDocumentTitle(`${name} · Apps · mnemo`);
  const app = useApp(name);
  return (
    <Stack>
      <Anchor component={Link} to="/apps" size="sm">← Apps</Anchor>
      {app.error && <ErrorAlert error={app.error} title="This app cannot be shown" />}
      {!app.data && !app.error && <Loading />}
      {app.data && (
        <>
          <Group justify="space-between" wrap="wrap">
            <Group gap="sm"><Title order={2}>{app.data.name}</Title><AppStateBadge active={app.data.is_active} /></Group>
            <AppToggle app={app.data} size="sm" />
          </Group>
          {!app.data.is_active && <Badge color="yellow" variant="outline" size="lg" tt="none">Paused: its writes are refused and it reads nothing.</Badge>}
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {[
              ['Memories created', app.data.total_memories_created.toLocaleString()],
              ['Memories accessed', app.data.total_memories_accessed.toLocaleString()],
              ['First access', app.data.first_accessed === null ? 'never' : formatTime(app.data.first_accessed)],
              ['Last access', timeAgo(app.data.last_accessed)],
            ].map(([label, value]) => (
              <Paper withBorder p="sm" key={label}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
                <Text fw={600}>{value}</Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Tabs defaultValue="created" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="created">Created</Tabs.Tab>
              <Tabs.Tab value="accessed">Accessed</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="created" pt="md"><PagedMemories name={name} tab="created" /></Tabs.Panel>
            <Tabs.Panel value="accessed" pt="md"><PagedMemories name={name} tab="accessed" /></Tabs.Panel>
          </Tabs>
        </>
      )}
    </Stack>
  );
}
