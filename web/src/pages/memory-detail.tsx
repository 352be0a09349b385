/**
 * One memory: content and metadata, state control (active/paused/archived), edit, copy,
 * delete, and four tabs: history (content changes and state changes), access log
 * (which app read it, when, for what query; paginated), feedback (given through mem0's
 * `POST /v1/feedback/`) and related memories.
 */
import {
  Anchor, Button, Code, CopyButton, Group, Pagination, Paper, SegmentedControl, SimpleGrid, Stack, Table, Tabs, Text, Timeline, Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { memoryApi, useAccessLog, useAction, useFeedback, useMemory, useMemoryHistory, useRelated } from '../api/queries';
import type { Memory, MemoryState } from '../api/types';
import { ConfirmModal } from '../components/confirm';
import { CategoryBadges, Empty, ErrorAlert, Loading, StateBadge } from '../components/feedback';
import { MemoryFormModal } from '../components/memory-form';
import { MemoryList } from '../components/memory-list';
import { appLabel, clip, formatTime } from '../lib/format';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>{children}</Text>
    </div>
  );
}

function History({ id }: { id: string }) {
  const q = useMemoryHistory(id);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  type Row = { at: number; key: string; title: string; body: React.ReactNode; by: string | null };
  const rows: Row[] = [
    ...q.data.history.map((h): Row => ({
      at: h.created_at, key: `h-${h.id}`, by: h.app_name,
      title: h.event === 'ADD' ? 'Created' : h.event === 'UPDATE' ? 'Content edited' : h.event === 'DELETE' ? 'Deleted' : h.event,
      body: h.event === 'UPDATE'
        ? <><Text size="sm" td="line-through" c="dimmed" className="memory-content">{h.old_memory}</Text><Text size="sm" className="memory-content">{h.new_memory}</Text></>
        : <Text size="sm" className="memory-content">{h.new_memory ?? h.old_memory}</Text>,
    })),
    ...q.data.status_history.map((s, i): Row => ({
      at: s.changed_at, key: `s-${i}`, by: s.changed_by, title: `State: ${s.old_state ?? 'new'} → ${s.new_state}`, body: null,
    })),
  ].sort((a, b) => b.at - a.at);
  if (rows.length === 0) return <Empty>No changes recorded.</Empty>;
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="history">
      {rows.map((r) => (
        <Timeline.Item key={r.key} title={r.title}>
          {r.body}
          <Text size="xs" c="dimmed" mt={2}>{formatTime(r.at)} · by {r.by ?? 'you (no app)'}</Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function AccessLog({ id }: { id: string }) {
  const [page, setPage] = useState(1);
  const q = useAccessLog(id, page);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  if (q.data.total === 0) return <Empty>No reads recorded.</Empty>;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing={4} data-testid="access-log">
          <Table.Thead><Table.Tr><Table.Th>App</Table.Th><Table.Th>Read by</Table.Th><Table.Th>Query</Table.Th><Table.Th>Score</Table.Th><Table.Th>When</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {q.data.logs.map((l, i) => (
              <Table.Tr key={`${l.accessed_at}-${i}`}>
                <Table.Td>{appLabel(l.app_name)}</Table.Td>
                <Table.Td>{l.access_type}</Table.Td>
                <Table.Td>{l.query ? clip(l.query, 60) : '—'}</Table.Td>
                <Table.Td>{l.score === null ? '—' : l.score.toFixed(3)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(l.accessed_at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">{q.data.total.toLocaleString()} reads</Text>
        <Pagination size="sm" total={Math.ceil(q.data.total / q.data.page_size)} value={page} onChange={setPage}
          getItemProps={(p) => ({ 'aria-label': `Page ${p}` })} />
      </Group>
    </Stack>
  );
}

const FEEDBACK_LABEL = { POSITIVE: 'Positive', NEGATIVE: 'Negative', VERY_NEGATIVE: 'Very negative' } as const;

function FeedbackTab({ id }: { id: string }) {
  const q = useFeedback(id);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  if (q.data.total === 0) return <Empty>No feedback yet. Clients give it with mem0's feedback call.</Empty>;
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing={4} data-testid="feedback">
        <Table.Thead><Table.Tr><Table.Th>Feedback</Table.Th><Table.Th>Reason</Table.Th><Table.Th>When</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {q.data.feedback.map((f) => (
            <Table.Tr key={f.id}>
              <Table.Td>{f.feedback ? FEEDBACK_LABEL[f.feedback] : 'Cleared'}</Table.Td>
              <Table.Td>{f.reason ? clip(f.reason, 120) : '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(f.created_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RelatedMemories({ id }: { id: string }) {
  const q = useRelated(id);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <div data-testid="related-categories">
        <Title order={4} size="h6" mb="xs">Same categories</Title>
        <MemoryList memories={q.data.items} empty="None." />
      </div>
      <div data-testid="related-similar">
        <Title order={4} size="h6" mb="xs">Similar meaning</Title>
        <MemoryList memories={q.data.similar} empty="No memory close enough in meaning (or vector search is off)." />
      </div>
    </SimpleGrid>
  );
}

export function MemoryDetailPage() {
  const id = useParams().id!;
  const navigate = useNavigate();
  const memory = useMemory(id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  useDocumentTitle(memory.data ? `${clip(memory.data.content, 40)} · mnemo` : 'Memory · mnemo');
  const setState = useAction((state: MemoryState) => memoryApi.setState([id], state), { success: (_, s) => `Memory ${s === 'active' ? 'resumed' : s}` });
  const remove = useAction(() => memoryApi.remove([id]), { success: () => 'Memory deleted', deletes: () => [id] });

  if (memory.error) {
    return (
      <Stack>
        <Anchor component={Link} to="/memories">← Memories</Anchor>
        <ErrorAlert error={memory.error} title="This memory cannot be shown" onRetry={() => void memory.refetch()} />
      </Stack>
    );
  }
  const m = memory.data;
  if (!m) return <Loading />;
  return (
    <Stack>
      <Anchor component={Link} to="/memories" size="sm">← Memories</Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Group gap="sm"><Title order={2}>Memory</Title><StateBadge state={m.state} /></Group>
        <Group gap="xs" wrap="wrap">
          <Button variant="default" onClick={() => setEditing(true)}>Edit</Button>
          <CopyButton value={m.content}>
            {({ copied, copy }) => <Button variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy text'}</Button>}
          </CopyButton>
          <Button color="red" variant="light" onClick={() => setDeleting(true)}>Delete</Button>
        </Group>
      </Group>

      <Paper withBorder p="md">
        <Text className="memory-content" data-testid="memory-content">{m.content}</Text>
      </Paper>

      <Paper withBorder p="md">
        <Group justify="space-between" mb="md" wrap="wrap">
          <Text fw={600} size="sm" id="state-label">State</Text>
          <SegmentedControl aria-labelledby="state-label" value={m.state} disabled={setState.isPending}
            onChange={(v) => setState.mutate(v as MemoryState)}
            data={[{ value: 'active', label: 'Active' }, { value: 'paused', label: 'Paused' }, { value: 'archived', label: 'Archived' }]} />
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          <Field label="App">{m.app_name ? <Anchor component={Link} to={`/apps/${encodeURIComponent(m.app_name)}`}>{m.app_name}</Anchor> : appLabel(null)}</Field>
          <Field label="Categories"><CategoryBadges categories={m.categories} /></Field>
          <Field label="Created">{formatTime(m.created_at)}</Field>
          <Field label="Updated">{formatTime(m.updated_at)}</Field>
          <Field label="User">{m.user_id}</Field>
          {m.agent_id && <Field label="Agent">{m.agent_id}</Field>}
          {m.run_id && <Field label="Run">{m.run_id}</Field>}
          <Field label="Id"><Code>{m.id}</Code></Field>
        </SimpleGrid>
        {Object.keys(m.metadata_).length > 0 && (
          <>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="md">Metadata</Text>
            <Code block>{JSON.stringify(m.metadata_, null, 2)}</Code>
          </>
        )}
      </Paper>

      <Tabs defaultValue="history" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="history">History</Tabs.Tab>
          <Tabs.Tab value="access">Access log</Tabs.Tab>
          <Tabs.Tab value="feedback">Feedback</Tabs.Tab>
          <Tabs.Tab value="related">Related</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="history" pt="md"><History id={id} /></Tabs.Panel>
        <Tabs.Panel value="access" pt="md"><AccessLog id={id} /></Tabs.Panel>
        <Tabs.Panel value="feedback" pt="md"><FeedbackTab id={id} /></Tabs.Panel>
        <Tabs.Panel value="related" pt="md"><RelatedMemories id={id} /></Tabs.Panel>
      </Tabs>

      <MemoryFormModal mode="edit" memory={m} opened={editing} onClose={() => setEditing(false)} />
      <ConfirmModal opened={deleting} title="Delete this memory" confirmLabel="Delete" loading={remove.isPending} onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/memories') })}>
        Delete “{clip(m.content, 80)}”? It leaves every search at once and cannot be restored.
      </ConfirmModal>
    </Stack>
  );
}
