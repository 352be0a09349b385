/** A confirmation dialog for destructive actions (delete). */
import { Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function ConfirmModal({ opened, title, children, confirmLabel, loading, onConfirm, onClose }: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Text size="sm">{children}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose} data-autofocus>Cancel</Button>
        <Button color="red" onClick={onConfirm} loading={loading ?? false}>{confirmLabel}</Button>
      </Group>
    </Modal>
  );
}
