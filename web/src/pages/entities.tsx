/**
 * Entities of the knowledge graph: a searchable, paged list (with linked memory counts)
 * and a picture of the graph as of a chosen time (valid time; default now).
 */
import { Anchor, Badge, Group, Pagination, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useEntities, useGraph } from '../api/graph';
import { GraphPicture } from '../components/graph-picture';
import { Empty, ErrorAlert, Loading } from '../components/feedback';

const PAGE_SIZE = 25;

export function EntitiesPage() {
  useDocumentTitle('Entities · mnemo');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 300);
  const [page, setPage] = useState(1);
  const [asOf, setAsOf] = useState('');
  const entities = useEntities({ page, size: PAGE_SIZE, q: debounced });
  const graph = useGraph(/^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : undefined);
  const navigate = useNavigate();
  const select = useCallback((id: string) => { void navigate(`/entities/${id}`); }, [navigate]);

  return (
    <Stack>
      <Title order={2}>Entities</Title>
      <Text size="sm" c="dimmed">People, places and things the memory knows about, with facts that hold over time.</Text>
      <TextInput label="Find an entity" type="search" value={q} onChange={(e) => { setQ(e.currentTarget.value); setPage(1); }} maw={320} />
      {entities.error && <ErrorAlert error={entities.error} onRetry={() => void entities.refetch()} />}
      {!entities.data && !entities.error && <Loading />}
      {entities.data && entities.data.entities.length === 0 && <Empty>No entities yet.</Empty>}
      {entities.data && entities.data.entities.length > 0 && (
        <>
          <Table highlightOnHover data-testid="entities-table">
            <Table.Thead>
              <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Type</Table.Th><Table.Th>Also known as</Table.Th><Table.Th>Memories</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entities.data.entities.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td><Anchor component={Link} to={`/entities/${e.id}`}>{e.name}</Anchor></Table.Td>
                  <Table.Td><Badge variant="light">{e.type}</Badge></Table.Td>
                  <Table.Td>{e.aliases.join(', ')}</Table.Td>
                  <Table.Td>{e.memories ?? 0}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {entities.data.total > PAGE_SIZE && <Pagination total={Math.ceil(entities.data.total / PAGE_SIZE)} value={page} onChange={setPage} />}
        </>
      )}
      <Group align="end">
        <Title order={3}>Graph</Title>
        <TextInput label="As of (YYYY-MM-DD)" placeholder="now" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} w={180} data-testid="graph-as-of" />
      </Group>
      {graph.error && <ErrorAlert error={graph.error} />}
      {graph.data && <GraphPicture graph={graph.data} onSelect={select} />}
    </Stack>
  );
}
