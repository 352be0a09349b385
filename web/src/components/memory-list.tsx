/** A compact, linked list of memories (search results, related memories, recent writes). */
import { Anchor, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Memory } from '../api/types';
import { appLabel, clip, timeAgo } from '../lib/format';
import { Empty, StateBadge } from './feedback';

export function MemoryList({ memories, empty, extra }: { memories: readonly Memory[]; empty: ReactNode; extra?: (m: Memory) => ReactNode }) {
  if (memories.length === 0) return <Empty>{empty}</Empty>;
  return (
    <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {memories.map((m) => (
        <li key={m.id}>
          <Anchor component={Link} to={`/memories/${m.id}`} size="sm" style={{ overflowWrap: 'anywhere' }}>{clip(m.content, 160)}</Anchor>
          <Group gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed">{appLabel(m.app_name)} · {timeAgo(m.created_at)}</Text>
            {m.state !== 'active' && <StateBadge state={m.state} />}
            {extra?.(m)}
          </Group>
        </li>
      ))}
    </Stack>
  );
}
