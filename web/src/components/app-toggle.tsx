/** Pause or resume an app (`PUT /api/v1/apps/{name}` with `is_active`): a paused app can neither write nor read. */
import { Button } from '@mantine/core';
import { appApi, useAction } from '../api/queries';
import type { AppInfo } from '../api/types';

export function AppToggle({ app, size = 'xs' }: { app: AppInfo; size?: 'xs' | 'sm' }) {
  const toggle = useAction((active: boolean) => appApi.setActive(app.name, active), { success: (r) => r.message });
  return (
    <Button size={size} variant={app.is_active ? 'default' : 'filled'} color={app.is_active ? undefined : 'teal'} loading={toggle.isPending}
      onClick={() => toggle.mutate(!app.is_active)} aria-label={`${app.is_active ? 'Pause' : 'Resume'} ${app.name}`}>
      {app.is_active ? 'Pause' : 'Resume'}
    </Button>
  );
}
