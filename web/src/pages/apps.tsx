/**
 * Apps (MCP clients and SDK callers): state, memories created and accessed, first and
 * last access, pause/resume. One server page at a time, sorted by the server.
 */
import { Anchor, Group, Pagination, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { type AppListParams, useApps } from '../api/queries';
import { AppToggle } from '../components/app-toggle';
import { AppStateBadge, Empty, ErrorAlert, Loading } from '../components/feedback';
import { AppReadsWrites } from '../components/timeline-charts';
import { count, formatTime, timeAgo } from '../lib/format';

type SortBy = NonNullable<AppListParams['sortBy']>;
const PAGE_SIZE = 25;

export function AppsPage() {
  useDocumentTitle('Apps · mnemo');
  const [name, setName] = useState('');
  const [debounced] = useDebouncedValue(name, 300);
  const [sortBy, setSortBy] = useState<SortBy>('name');
  const [direction, setDirection] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(1);
  const apps = useApps({ page, size: PAGE_SIZE, name: debounced || undefined, sortBy, direction });

  const sort = (by: SortBy) => {
    setDirection(sortBy === by ? (direction === 'asc' ? 'desc' : 'asc') : by === 'name' ? 'asc' : 'desc');
    setSortBy(by);
    setPage(1);
  };
  const header = (by: SortBy, label: string) => (
    <Table.Th aria-sort={sortBy === by ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton fw={600} fz="sm" onClick={() => sort(by)} aria-label={`Sort by ${label}`}>
        {label} <span aria-hidden>{sortBy === by ? (direction === 'asc' ? '▲' : '▼') : '↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );

  return (
    <Stack>
      <Title order={2}>Apps</Title>
      <Text size="sm" c="dimmed">Every MCP client or SDK caller that wrote or read a memory. A paused app can neither write nor read.</Text>
      <TextInput label="Find an app" type="search" value={name} onChange={(e) => { setName(e.currentTarget.value); setPage(1); }} maw={320} />
      {apps.error && <ErrorAlert error={apps.error} onRetry={() => void apps.refetch()} />}
      {!apps.data && !apps.error && <Loading />}
      {apps.data && (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover data-testid="apps-table">
              <Table.Thead>
                <Table.Tr>
                  {header('name', 'Name')}
                  <Table.Th>State</Table.Th>
                  {header('memories', 'Created')}
                  {header('memories_accessed', 'Accessed')}
                  <Table.Th>First access</Table.Th>
                  <Table.Th>Last access</Table.Th>
                  <Table.Th>Action</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {apps.data.apps.map((a) => (
                  <Table.Tr key={a.name} data-testid="app-row">
                    <Table.Td><Anchor component={Link} to={`/apps/${encodeURIComponent(a.name)}`} fw={600}>{a.name}</Anchor></Table.Td>
                    <Table.Td><AppStateBadge active={a.is_active} /></Table.Td>
                    <Table.Td>{a.total_memories_created.toLocaleString()}</Table.Td>
                    <Table.Td>{a.total_memories_accessed.toLocaleString()}</Table.Td>
                    {/* Never read: both columns say "never" (they once mixed "—" and "never"). */}
                    <Table.Td><Text size="xs">{a.first_accessed === null ? 'never' : formatTime(a.first_accessed)}</Text></Table.Td>
                    <Table.Td><Text size="xs" title={formatTime(a.last_accessed)}>{timeAgo(a.last_accessed)}</Text></Table.Td>
                    <Table.Td><AppToggle app={a} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {apps.data.total === 0 && <Empty>{debounced ? `No app named like “${debounced}”.` : 'No apps yet: connect an assistant from Home.'}</Empty>}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{count(apps.data.total, 'app')}</Text>
            <Pagination size="sm" total={Math.ceil(apps.data.total / PAGE_SIZE)} value={page} onChange={setPage} getItemProps={(p) => ({ 'aria-label': `Page ${p}` })} />
          </Group>
        </>
      )}
      <AppReadsWrites />
    </Stack>
  );
}
