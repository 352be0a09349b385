/**
 * The Contradictions queue: candidate pairs found without an LLM, each with its reasons
 * and both sides (older and newer), and the actions: supersede the older, keep both
 * (dismiss; remembered, not shown again), or delete the older.
 */
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { graphApi, useContradictions } from '../api/graph';
import { useAction } from '../api/queries';
import { Empty, ErrorAlert, Loading } from '../components/feedback';

export function ContradictionsPage() {
  useDocumentTitle('Contradictions · mnemo');
  const list = useContradictions();
  const resolve = useAction(graphApi.resolve, { success: (r) => (r.action === 'dismiss' ? 'Kept both' : r.action === 'supersede' ? 'Older one superseded' : 'Deleted') });
  return (
    <Stack>
      <Title order={2}>Contradictions</Title>
      <Text size="sm" c="dimmed">Statements that seem to disagree. Nothing changes until you choose.</Text>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {!list.data && !list.error && <Loading />}
      {list.data && list.data.contradictions.length === 0 && <Empty>No open contradictions.</Empty>}
      {list.data?.contradictions.map((c) => (
        <Card key={c.id} withBorder data-testid="contradiction">
          <Group gap="xs" mb="xs">
            <Badge variant="light">{c.kind === 'memory' ? 'memories' : `facts of ${c.entity?.name ?? ''}`}</Badge>
            {c.reasons.map((r) => <Badge key={r} color="orange" variant="outline">{r.replace(/_/g, ' ')}</Badge>)}
          </Group>
          <Text size="sm"><Text span c="dimmed">Older ({c.older.at.slice(0, 10)}): </Text>{c.older.text}</Text>
          <Text size="sm"><Text span c="dimmed">Newer ({c.newer.at.slice(0, 10)}): </Text>{c.newer.text}</Text>
          <Group mt="sm">
            <Button size="xs" onClick={() => resolve.mutate({ id: c.id, action: 'supersede' })} loading={resolve.isPending}>Supersede older</Button>
            <Button size="xs" variant="default" onClick={() => resolve.mutate({ id: c.id, action: 'dismiss' })}>Keep both</Button>
            <Button size="xs" color="red" variant="light" onClick={() => resolve.mutate({ id: c.id, action: 'delete' })}>Delete older</Button>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
