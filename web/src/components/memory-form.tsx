/**
 * The create and edit dialog of a memory. Create sends `POST /api/v1/memories` (text,
 * optional app, categories, metadata); edit sends `PUT /api/v1/memories/{id}` (the
 * server re-embeds and keeps the old text in the history). Server errors, such as a
 * paused app's write being refused, are shown inside the dialog.
 */
import { Autocomplete, Button, Group, Modal, Stack, TagsInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Memory } from '../api/types';
import { memoryApi, useAction, useApps, useCategories } from '../api/queries';
import { ErrorAlert } from './feedback';

/** Longest memory the engine stores (20k characters). */
const MAX_CHARS = 20_000;

type Props = { opened: boolean; onClose: () => void } & ({ mode: 'create'; memory?: undefined } | { mode: 'edit'; memory: Memory });

export function MemoryFormModal({ opened, onClose, mode, memory }: Props) {
  const [content, setContent] = useState('');
  const [app, setApp] = useState('');
  const [categories, setCategories] = useState<string[]>([]);
  const [metadata, setMetadata] = useState('');
  const [metadataError, setMetadataError] = useState<string | null>(null);
  const apps = useApps({ page: 1, size: 100 });
  const cats = useCategories();

  const create = useAction(memoryApi.create, {
    notifyErrors: false,
    success: (r) => (r.event === 'ADD' ? 'Memory created' : `Memory not added again (${r.event.toLowerCase()})${r.notice ? `: ${r.notice}` : ''}`),
  });
  const update = useAction(memoryApi.update, { notifyErrors: false, success: () => 'Memory updated' });
  const action = mode === 'create' ? create : update;

  useEffect(() => {
    if (!opened) return;
    create.reset();
    update.reset();
    setMetadataError(null);
    setContent(memory?.content ?? '');
    setApp('');
    setCategories([]);
    setMetadata(memory && Object.keys(memory.metadata_).length > 0 ? JSON.stringify(memory.metadata_, null, 2) : '');
    // Reset only when the dialog opens or another memory is edited, not on every render.
  }, [opened, memory?.id]);

  const parseMetadata = (): Record<string, unknown> | undefined | false => {
    if (metadata.trim() === '') return undefined;
    try {
      const value: unknown = JSON.parse(metadata);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('metadata must be a JSON object');
      return value as Record<string, unknown>;
    } catch (error) {
      setMetadataError((error as Error).message);
      return false;
    }
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setMetadataError(null);
    const meta = parseMetadata();
    if (meta === false) return;
    const done = { onSuccess: onClose };
    if (mode === 'create') create.mutate({ text: content, app: app.trim() || undefined, categories: categories.length ? categories : undefined, metadata: meta }, done);
    else update.mutate({ id: memory.id, content, metadata: meta }, done);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={mode === 'create' ? 'New memory' : 'Edit memory'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Textarea
            label="Content" required autosize minRows={3} maxRows={12} data-autofocus
            value={content} onChange={(e) => setContent(e.currentTarget.value)} maxLength={MAX_CHARS}
            description={mode === 'edit' ? 'The old text stays in the history.' : undefined}
          />
          {mode === 'create' && (
            <>
              <Autocomplete
                label="App" description="Write as this app (leave empty to write as yourself)." placeholder="e.g. cursor"
                data={apps.data?.apps.map((a) => a.name) ?? []} value={app} onChange={setApp}
              />
              <TagsInput
                label="Categories" description="Leave empty to let mnemo pick them." placeholder="type and press Enter"
                data={cats.data?.categories.map((c) => c.name) ?? []} value={categories} onChange={setCategories} clearable
              />
            </>
          )}
          <Textarea
            label="Metadata (JSON object, optional)" autosize minRows={2} maxRows={8} ff="monospace"
            value={metadata} onChange={(e) => setMetadata(e.currentTarget.value)} error={metadataError}
          />
          {action.error && <ErrorAlert error={action.error} title={mode === 'create' ? 'Not saved' : 'Not updated'} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={action.isPending} disabled={content.trim() === ''}>{mode === 'create' ? 'Create' : 'Save'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
