/** Small shared pieces: error and "not available" notices, state badges, empty states. */
import { Alert, Badge, Button, Center, Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client';
import type { MemoryState } from '../api/types';

/**
 * An API error, shown to the person with an optional retry. A 401 is not shown as an
 * error: the API key prompt is already asking for the key, and red "Could not load"
 * panels behind it (issue 13) only alarmed; a quiet note says what the page waits for.
 */
export function ErrorAlert({ error, title = 'Could not load this', onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 401) {
    return <Text size="sm" c="dimmed" data-testid="needs-key">Waiting for an API key to load this.</Text>;
  }
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && <Button size="xs" variant="white" color="red" onClick={onRetry}>Retry</Button>}
      </Group>
    </Alert>
  );
}

/** A feature this server does not offer (yet): says so instead of failing. */
export function NotAvailable({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Alert color="gray" variant="light" title={`${title}: not available on this server`} data-testid="not-available">
      <Text size="sm">{children}</Text>
    </Alert>
  );
}

export function Loading({ label = 'Loading' }: { label?: string }) {
  return <Center py="lg"><Loader size="sm" aria-label={label} /></Center>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <Text c="dimmed" size="sm" py="md" ta="center">{children}</Text>;
}

const STATE_COLOR: Record<string, string> = { active: 'teal', paused: 'yellow', archived: 'gray', deleted: 'red' };

export function StateBadge({ state }: { state: MemoryState | string }) {
  // Never cut to "ACT…" in narrow tables: the label keeps its width.
  return <Badge color={STATE_COLOR[state] ?? 'gray'} variant="light" size="sm" style={{ flexShrink: 0, overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>{state}</Badge>;
}

export function AppStateBadge({ active }: { active: boolean }) {
  return <Badge color={active ? 'teal' : 'yellow'} variant="light" size="sm">{active ? 'active' : 'paused'}</Badge>;
}

export function CategoryBadges({ categories }: { categories: readonly string[] }) {
  if (categories.length === 0) return <Text c="dimmed" size="xs">none</Text>;
  return (
    <Group gap={4} wrap="wrap">
      {categories.map((c) => <Badge key={c} variant="outline" size="xs" tt="none">{c}</Badge>)}
    </Group>
  );
}
