/**
 * Memories: one server page at a time (`GET /api/v1/memories` with filters, sort and
 * paging), so it stays fast with 10k+ memories. Filters live in the URL. Rows can be
 * selected for bulk archive/pause/resume/delete; each row has edit, copy and delete.
 * A search is ranked by default (mnemo's hybrid search: meaning and words, best first,
 * with scores and matched words marked, up to {@link RANKED_LIMIT} hits); "Contains"
 * switches to the exact substring filter with paging.
 */
import {
  ActionIcon, Anchor, Button, Checkbox, Group, Menu, MultiSelect, Pagination, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput, Title,
  UnstyledButton, VisuallyHidden,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { memoryApi, type SortColumn, useAction, useApps, useCategories, useMemories, useSearch } from '../api/queries';
import { MEMORY_STATES, type Memory, type MemoryState } from '../api/types';
import { ConfirmModal } from '../components/confirm';
import { CategoryBadges, Empty, ErrorAlert, StateBadge } from '../components/feedback';
import { MemoryFormModal } from '../components/memory-form';
import { Highlighted, ScoreBadge } from '../components/memory-list';
import { appLabel, clip, count, dayToSeconds, formatTime, strongHits } from '../lib/format';
import { useUrlState } from '../lib/url-state';

const PAGE_SIZES = ['10', '25', '50', '100'];
const SEARCH_DEBOUNCE_MS = 300;
/** Most hits of a ranked search on this page (the engine's relevance order has no pages). */
const RANKED_LIMIT = 50;

/** Copies a memory's text, telling the person whether it worked. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    notifications.show({ color: 'teal', message: 'Copied to the clipboard' });
  } catch (error) {
    notifications.show({ color: 'red', title: 'Could not copy', message: (error as Error).message });
  }
}

function SortHeader({ column, label, sort, direction, onSort, visibleFrom }: {
  /** `sort`: the active column; `undefined` while rows are in relevance order (a ranked search). */
  column: SortColumn; label: string; sort: SortColumn | undefined; direction: 'asc' | 'desc'; onSort: (c: SortColumn) => void; visibleFrom?: 'xs' | 'sm' | 'md';
}) {
  const active = sort === column;
  return (
    <Table.Th visibleFrom={visibleFrom} aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => onSort(column)} fw={600} fz="sm" aria-label={`Sort by ${label}`}>
        {label} <span aria-hidden>{active ? (direction === 'asc' ? '▲' : '▼') : '↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}

type Pending = { kind: 'delete'; ids: string[] } | null;

export function MemoriesPage() {
  useDocumentTitle('Memories · mnemo');
  const url = useUrlState();
  const [searchText, setSearchText] = useState(url.params.get('q') ?? '');
  const [debounced] = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Memory | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const sort = (url.params.get('sort') as SortColumn | null) ?? 'created_at';
  const direction = url.params.get('dir') === 'asc' ? 'asc' : 'desc';
  const from = url.params.get('from');
  const to = url.params.get('to');
  const params = {
    page: url.int('page', 1), size: url.int('size', 25), search: url.params.get('q') ?? undefined,
    app: url.params.get('app') ?? undefined, categories: url.list('cat'), states: url.list('state') as MemoryState[],
    from: from ? dayToSeconds(from) : undefined, to: to ? dayToSeconds(to, true) : undefined, sort, direction,
  } as const;
  const ranked = params.search !== undefined && params.search.trim() !== '' && url.params.get('match') !== 'contains';
  const list = useMemories(params, { enabled: !ranked });
  const search = useSearch({ query: params.search ?? '', limit: RANKED_LIMIT, app: params.app, categories: params.categories, states: params.states, from: params.from, to: params.to },
    { enabled: ranked });
  // One shape for the table: a ranked search is one page of hits, best first.
  const memories = ranked
    ? { data: search.data ? { items: strongHits(search.data.results), total: strongHits(search.data.results).length, page: 1, size: RANKED_LIMIT, pages: 1 } : undefined,
      error: search.error, isFetching: search.isFetching, refetch: search.refetch }
    : list;
  const apps = useApps({ page: 1, size: 100 });
  const categories = useCategories();

  const urlQuery = url.params.get('q') ?? '';
  const { update } = url;
  // Typing updates the URL once it pauses (only then: a URL change must not rewrite what is typed).
  useEffect(() => { if (debounced !== urlQuery) update({ q: debounced }); }, [debounced]);
  const paramsKey = JSON.stringify(params);
  useEffect(() => setSelected(new Set()), [paramsKey]);

  const done = (verb: string) => (r: { ids: string[] }) => `${count(r.ids.length, 'memory', 'memories')} ${verb}`;
  const clear = () => setSelected(new Set());
  const archive = useAction((ids: string[]) => memoryApi.archive(ids), { success: done('archived') });
  const setState = useAction((v: { ids: string[]; state: MemoryState }) => memoryApi.setState(v.ids, v.state), {
    success: (r, v) => done(v.state === 'active' ? 'resumed' : v.state)(r),
  });
  const remove = useAction((ids: string[]) => memoryApi.remove(ids), { success: done('deleted'), deletes: (ids) => ids });
  const busy = archive.isPending || setState.isPending || remove.isPending;

  const items: ReadonlyArray<Memory & { score?: number }> = memories.data?.items ?? [];
  const allOnPage = items.length > 0 && items.every((m) => selected.has(m.id));
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const onSort = (column: SortColumn) => url.update({ sort: column, dir: sort === column && direction === 'desc' ? 'asc' : 'desc' });
  const filtered = ['q', 'app', 'cat', 'state', 'from', 'to'].some((k) => url.params.has(k));
  const highlight = params.search?.trim() || undefined;
  const ids = [...selected];

  // Options include the current filter values, so a filter from a link shows even when not listed.
  const appOptions = [...new Set([...(apps.data?.apps.map((a) => a.name) ?? []), ...(params.app ? [params.app] : [])])];
  const categoryOptions = [...new Set([...(categories.data?.categories.map((c) => c.name) ?? []), ...params.categories])];

  const first = memories.data && memories.data.total > 0 ? (memories.data.page - 1) * memories.data.size + 1 : 0;
  const last = memories.data ? first + items.length - (items.length > 0 ? 1 : 0) : 0;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Memories</Title>
        <Button onClick={() => setCreating(true)}>New memory</Button>
      </Group>

      <Paper withBorder p="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput label="Search" type="search" placeholder={url.params.get('match') === 'contains' ? 'text in the memory' : 'what you mean, in your own words'} value={searchText}
            onChange={(e) => setSearchText(e.currentTarget.value)} style={{ flex: '1 1 200px' }} />
          <SegmentedControl aria-label="Search by" value={url.params.get('match') === 'contains' ? 'contains' : 'ranked'}
            onChange={(v) => url.update({ match: v === 'contains' ? 'contains' : null })}
            data={[{ value: 'ranked', label: 'Ranked' }, { value: 'contains', label: 'Contains' }]} />
          <Select label="App" placeholder="all apps" data={appOptions} value={params.app ?? null} clearable searchable
            onChange={(v) => url.update({ app: v })} style={{ flex: '1 1 150px' }} />
          <MultiSelect label="Categories" placeholder={params.categories.length ? undefined : 'any'} data={categoryOptions} value={params.categories}
            onChange={(v) => url.update({ cat: v })} clearable searchable style={{ flex: '1 1 180px' }} />
          <MultiSelect label="States" placeholder={params.states.length ? undefined : 'active, paused'} data={[...MEMORY_STATES]} value={params.states}
            onChange={(v) => url.update({ state: v })} clearable style={{ flex: '1 1 180px' }} />
          <DatePickerInput type="range" label="Created" placeholder="any time" value={[from, to]} clearable allowSingleDateInRange
            onChange={([a, b]) => url.update({ from: a ? String(a).slice(0, 10) : null, to: b ? String(b).slice(0, 10) : null })}
            style={{ flex: '0 1 260px' }} valueFormat="YYYY-MM-DD" />
          <Button variant="subtle" disabled={!filtered} onClick={() => { setSearchText(''); url.update({ q: null, app: null, cat: null, state: null, from: null, to: null, match: null }); }}>
            Clear filters
          </Button>
        </Group>
      </Paper>

      {selected.size > 0 && (
        <Paper withBorder p="xs" bg="var(--mantine-primary-color-light)" role="region" aria-label="Bulk actions">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600} mr="sm">{selected.size} selected</Text>
            <Button size="xs" variant="default" disabled={busy} onClick={() => archive.mutate(ids, { onSuccess: clear })}>Archive</Button>
            <Button size="xs" variant="default" disabled={busy} onClick={() => setState.mutate({ ids, state: 'paused' }, { onSuccess: clear })}>Pause</Button>
            <Button size="xs" variant="default" disabled={busy} onClick={() => setState.mutate({ ids, state: 'active' }, { onSuccess: clear })}>Resume</Button>
            <Button size="xs" color="red" variant="light" disabled={busy} onClick={() => setPending({ kind: 'delete', ids })}>Delete</Button>
            <Button size="xs" variant="subtle" onClick={clear}>Clear selection</Button>
          </Group>
        </Paper>
      )}

      {ranked && search.data && search.data.results.length > items.length && (
        <Text size="xs" c="dimmed" data-testid="weak-hidden">
          {count(search.data.results.length - items.length, 'weaker match', 'weaker matches')} not shown (under half the best score); “Contains” lists exact text matches.
        </Text>
      )}
      {ranked && search.data?.notice && <Text size="xs" c="orange" data-testid="search-notice">{search.data.notice}</Text>}
      {memories.error && <ErrorAlert error={memories.error} onRetry={() => void memories.refetch()} />}

      <Table.ScrollContainer minWidth={340}>
        <Table highlightOnHover verticalSpacing="xs" aria-busy={memories.isFetching} data-testid="memories-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox aria-label="Select all on this page" checked={allOnPage} indeterminate={!allOnPage && items.some((m) => selected.has(m.id))}
                  onChange={() => setSelected(allOnPage ? new Set() : new Set(items.map((m) => m.id)))} />
              </Table.Th>
              <SortHeader column="content" label="Content" sort={ranked ? undefined : sort} direction={direction} onSort={onSort} />
              <SortHeader column="app" label="App" sort={ranked ? undefined : sort} direction={direction} onSort={onSort} visibleFrom="xs" />
              <Table.Th visibleFrom="md">Categories</Table.Th>
              <SortHeader column="created_at" label="Created" sort={ranked ? undefined : sort} direction={direction} onSort={onSort} visibleFrom="sm" />
              {ranked && <Table.Th>Relevance</Table.Th>}
              <Table.Th>State</Table.Th>
              <Table.Th w={48}><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr key={m.id} data-testid="memory-row" bg={selected.has(m.id) ? 'var(--mantine-primary-color-light)' : undefined}>
                <Table.Td><Checkbox aria-label={`Select “${clip(m.content, 40)}”`} checked={selected.has(m.id)} onChange={() => toggle(m.id)} /></Table.Td>
                <Table.Td maw={420}>
                  <Anchor component={Link} to={`/memories/${m.id}`} size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}><Highlighted text={m.content} query={highlight} /></Anchor>
                  <Text size="xs" c="dimmed" hiddenFrom="xs">{appLabel(m.app_name)} · {formatTime(m.created_at)}</Text>
                </Table.Td>
                <Table.Td visibleFrom="xs"><Text size="sm" c={m.app_name ? undefined : 'dimmed'}>{appLabel(m.app_name)}</Text></Table.Td>
                <Table.Td visibleFrom="md"><CategoryBadges categories={m.categories} /></Table.Td>
                <Table.Td visibleFrom="sm"><Text size="xs" style={{ whiteSpace: 'nowrap' }}>{formatTime(m.created_at)}</Text></Table.Td>
                {ranked && <Table.Td>{m.score !== undefined && <ScoreBadge score={m.score} />}</Table.Td>}
                <Table.Td><StateBadge state={m.state} /></Table.Td>
                <Table.Td>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" aria-label={`Actions for “${clip(m.content, 40)}”`}><span aria-hidden>⋯</span></ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item component={Link} to={`/memories/${m.id}`}>Open</Menu.Item>
                      <Menu.Item onClick={() => setEditing(m)}>Edit</Menu.Item>
                      <Menu.Item onClick={() => void copyText(m.content)}>Copy text</Menu.Item>
                      {m.state === 'active'
                        ? <Menu.Item onClick={() => setState.mutate({ ids: [m.id], state: 'paused' })}>Pause</Menu.Item>
                        : <Menu.Item onClick={() => setState.mutate({ ids: [m.id], state: 'active' })}>Resume</Menu.Item>}
                      {m.state !== 'archived' && <Menu.Item onClick={() => archive.mutate([m.id])}>Archive</Menu.Item>}
                      <Menu.Divider />
                      <Menu.Item color="red" onClick={() => setPending({ kind: 'delete', ids: [m.id] })}>Delete</Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {memories.data && items.length === 0 && <Empty>{filtered ? 'No memory matches these filters.' : 'No active or paused memories. Create one, connect an assistant from Home, or show archived ones with the States filter.'}</Empty>}

      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="memories-total">
          {memories.data ? (ranked ? `${count(memories.data.total, 'memory', 'memories')} found, best first`
            : memories.data.total > 0 ? `${first.toLocaleString()}–${last.toLocaleString()} of ${count(memories.data.total, 'memory', 'memories')}` : '0 memories') : 'Loading…'}
        </Text>
        <Group gap="sm" wrap="wrap">
          <Pagination total={memories.data?.pages ?? 0} value={params.page} onChange={(p) => url.update({ page: p })} size="sm"
            getControlProps={(control) => ({ 'aria-label': `${control} page` })} getItemProps={(p) => ({ 'aria-label': `Page ${p}` })} />
          <Select aria-label="Rows per page" data={PAGE_SIZES} value={String(params.size)} onChange={(v) => url.update({ size: v })} w={80} size="xs" allowDeselect={false} />
        </Group>
      </Group>

      <MemoryFormModal mode="create" opened={creating} onClose={() => setCreating(false)} />
      {editing && <MemoryFormModal mode="edit" memory={editing} opened onClose={() => setEditing(null)} />}
      <ConfirmModal opened={pending !== null} title="Delete memories" confirmLabel="Delete" loading={remove.isPending}
        onClose={() => setPending(null)}
        onConfirm={() => pending && remove.mutate(pending.ids, { onSuccess: () => { setPending(null); setSelected((s) => new Set([...s].filter((id) => !pending.ids.includes(id)))); } })}>
        Delete {count(pending?.ids.length ?? 0, 'memory', 'memories')}? Deleted memories leave every search at once and cannot be restored.
      </ConfirmModal>
    </Stack>
  );
}
