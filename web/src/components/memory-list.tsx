/** A compact, linked list of memories (search results, related memories, recent writes). */
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Memory } from '../api/types';
import { appLabel, clip, formatScore, matchParts, timeAgo } from '../lib/format';
import { Empty, StateBadge } from './feedback';

/** `text` with the words matching `query` in `<mark>` (see `matchParts`). */
export function Highlighted({ text, query }: { text: string; query?: string | undefined }) {
  if (!query) return <>{text}</>;
  return <>{matchParts(text, query).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

/** A search score as a small badge (`73% match`), with the raw score on hover. */
export function ScoreBadge({ score }: { score: number }) {
  return <Badge size="xs" variant="light" color="teal" tt="none" title={`score ${score.toFixed(3)}`} data-testid="search-score">{formatScore(score)}</Badge>;
}

export function MemoryList({ memories, empty, extra, query }: {
  memories: ReadonlyArray<Memory & { score?: number }>; empty: ReactNode; extra?: (m: Memory) => ReactNode;
  /** Highlights these words in each memory, and shows each memory's `score` when it has one. */
  query?: string | undefined;
}) {
  if (memories.length === 0) return <Empty>{empty}</Empty>;
  return (
    <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {memories.map((m) => (
        <li key={m.id}>
          <Anchor component={Link} to={`/memories/${m.id}`} size="sm" style={{ overflowWrap: 'anywhere' }}><Highlighted text={clip(m.content, 160)} query={query} /></Anchor>
          <Group gap="xs" wrap="wrap">
            {m.score !== undefined && <ScoreBadge score={m.score} />}
            <Text size="xs" c="dimmed">{appLabel(m.app_name)} · {timeAgo(m.created_at)}</Text>
            {m.state !== 'active' && <StateBadge state={m.state} />}
            {extra?.(m)}
          </Group>
        </li>
      ))}
    </Stack>
  );
}
