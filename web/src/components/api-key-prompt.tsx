/**
 * Asks for an API key when the server answers 401 (auth is on: every non-loopback
 * server, or `mnemo serve --auth`). The key is kept in this browser's localStorage and
 * sent as `Authorization: Bearer <key>`; Settings can forget it.
 */
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { apiKeyStore } from '../api/client';

export function useApiKey() {
  return useSyncExternalStore(apiKeyStore.subscribe, apiKeyStore.get);
}

export function ApiKeyPrompt() {
  const { needed, key } = useApiKey();
  const [value, setValue] = useState('');
  const qc = useQueryClient();
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    apiKeyStore.set(value.trim());
    setValue('');
    void qc.invalidateQueries();
  };
  return (
    <Modal opened={needed} onClose={() => apiKeyStore.set(key)} title="This server needs an API key" closeOnClickOutside={false}>
      <form onSubmit={save}>
        <Stack>
          <Text size="sm">
            {key ? 'The saved key was refused (revoked or wrong).' : 'Requests without a key are refused.'} Create one on the server
            with <code>mnemo keys create --user YOU</code> and paste the token here. It is kept in this browser only.
          </Text>
          <PasswordInput label="API key" placeholder="mnemo_…" value={value} onChange={(e) => setValue(e.currentTarget.value)} data-autofocus required />
          <Group justify="flex-end">
            <Button type="submit" disabled={value.trim() === ''}>Use this key</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
