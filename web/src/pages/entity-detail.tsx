/**
 * One entity: its facts on a timeline of validity intervals (valid time, from `valid_at`
 * to `invalid_at` or "now"; a superseded fact shows what replaced it and when mnemo
 * retired it), its relations with their intervals, and its neighbourhood as a picture.
 */
import { Anchor, Badge, Box, Card, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { type Fact, type Relation, useEntity } from '../api/graph';
import { GraphPicture } from '../components/graph-picture';
import { ErrorAlert, Loading } from '../components/feedback';
import { count } from '../lib/format';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'now');

/** Bars of validity intervals on one shared time axis. */
function Timeline({ items }: { items: Array<{ id: string; label: string; from: string; to: string | null; note?: string | undefined; open: boolean }> }) {
  const now = Date.now();
  const start = Math.min(...items.map((i) => Date.parse(i.from)));
  const end = Math.max(now, ...items.map((i) => (i.to ? Date.parse(i.to) : now)));
  const span = Math.max(1, end - start);
  return (
    <Stack gap={6} data-testid="timeline">
      <Group justify="space-between"><Text size="xs" c="dimmed">{new Date(start).toISOString().slice(0, 10)}</Text><Text size="xs" c="dimmed">{new Date(end).toISOString().slice(0, 10)}</Text></Group>
      {items.map((i) => {
        const left = ((Date.parse(i.from) - start) / span) * 100;
        const width = Math.max(1, (((i.to ? Date.parse(i.to) : now) - Date.parse(i.from)) / span) * 100);
        return (
          <Box key={i.id} data-testid="timeline-row" data-open={i.open}>
            <Group gap="xs" justify="space-between" wrap="nowrap">
              <Text size="sm" fw={i.open ? 600 : 400} c={i.open ? undefined : 'dimmed'} td={i.open ? undefined : 'line-through'}>{i.label}</Text>
              <Text size="xs" c="dimmed" data-testid="interval">{day(i.from)} → {day(i.to)}</Text>
            </Group>
            <Tooltip label={i.note ?? `${day(i.from)} → ${day(i.to)}`}>
              <Box h={8} mt={2} style={{ position: 'relative', background: 'var(--mantine-color-default-border)', borderRadius: 4 }}>
                <Box h={8} style={{ position: 'absolute', left: `${left}%`, width: `${width}%`, borderRadius: 4, background: i.open ? 'var(--mantine-color-indigo-6)' : 'var(--mantine-color-gray-5)' }} />
              </Box>
            </Tooltip>
          </Box>
        );
      })}
    </Stack>
  );
}

export function EntityDetailPage() {
  const { id = '' } = useParams();
  const entity = useEntity(id);
  useDocumentTitle(`${entity.data?.name ?? 'Entity'} · mnemo`);
  const facts = useMemo(() => (entity.data?.observations ?? []).map((f: Fact) => ({
    id: f.id, label: f.predicate ? `${f.content} (${f.predicate})` : f.content, from: f.valid_at, to: f.invalid_at, open: f.invalid_at === null,
    note: f.superseded_by ? `superseded by ${f.superseded_by}; retired by mnemo ${day(f.expired_at)}; learnt ${day(f.created_at)}` : `learnt ${day(f.created_at)}, confidence ${f.confidence}`,
  })), [entity.data]);
  const relations = useMemo(() => (entity.data?.relations ?? []).map((r: Relation) => ({
    id: r.id, label: `${r.from} ${r.type} ${r.to}`, from: r.valid_at, to: r.invalid_at, open: r.invalid_at === null,
    note: r.superseded_by ? `superseded; retired by mnemo ${day(r.expired_at)}` : `learnt ${day(r.created_at)}`,
  })), [entity.data]);
  const neighbourhood = useMemo(() => {
    const d = entity.data;
    if (!d) return null;
    const nodes = new Map([[d.id, { id: d.id, name: d.name, type: d.type, aliases: [], summary: null, created_at: d.created_at, updated_at: d.updated_at, observations: [] as Fact[] }]]);
    for (const r of d.relations.filter((x) => x.invalid_at === null)) {
      for (const [nid, name] of [[r.from_id, r.from], [r.to_id, r.to]] as const) if (!nodes.has(nid)) nodes.set(nid, { ...nodes.get(d.id)!, id: nid, name, type: '' });
    }
    return { entities: [...nodes.values()], relations: d.relations.filter((x) => x.invalid_at === null) };
  }, [entity.data]);

  if (entity.error) return <ErrorAlert error={entity.error} />;
  if (!entity.data) return <Loading />;
  const e = entity.data;
  return (
    <Stack>
      <Anchor component={Link} to="/entities" size="sm">← Entities</Anchor>
      <Group><Title order={2}>{e.name}</Title><Badge variant="light">{e.type}</Badge>{e.aliases.map((a) => <Badge key={a} variant="outline">{a}</Badge>)}</Group>
      <Text size="sm" c="dimmed">{count(e.memories, 'linked memory', 'linked memories')} · created {day(e.created_at)}</Text>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">Facts over time</Title>
        {facts.length === 0 ? <Text c="dimmed">No facts yet.</Text> : <Timeline items={facts} />}
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">Relations</Title>
        {relations.length === 0 ? <Text c="dimmed">No relations.</Text> : <Timeline items={relations} />}
      </Card>
      {e.observations.length > 0 && (
        <Table data-testid="facts-table">
          <Table.Thead><Table.Tr><Table.Th>Fact</Table.Th><Table.Th>Valid</Table.Th><Table.Th>Known to mnemo</Table.Th><Table.Th>Superseded by</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {e.observations.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>{f.content}</Table.Td>
                <Table.Td>{day(f.valid_at)} → {day(f.invalid_at)}</Table.Td>
                <Table.Td>{day(f.created_at)} → {f.expired_at ? day(f.expired_at) : 'now'}</Table.Td>
                <Table.Td>{f.superseded_by ? e.observations.find((x) => x.id === f.superseded_by)?.content ?? f.superseded_by : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {neighbourhood && neighbourhood.relations.length > 0 && <GraphPicture graph={neighbourhood} height={300} />}
    </Stack>
  );
}
