/** The dashboard's frame: header, navigation (a drawer in narrow windows) and the page routes. */
import { ActionIcon, AppShell, Burger, Group, NavLink, Text, Title, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { Link, Route, Routes, useLocation } from 'react-router';
import { ApiKeyPrompt } from './components/api-key-prompt';
import { AppDetailPage } from './pages/app-detail';
import { AppsPage } from './pages/apps';
import { ContradictionsPage } from './pages/contradictions';
import { EntitiesPage } from './pages/entities';
import { EntityDetailPage } from './pages/entity-detail';
import { HomePage } from './pages/home';
import { MemoriesPage } from './pages/memories';
import { MemoryDetailPage } from './pages/memory-detail';
import { NotFoundPage } from './pages/not-found';
import { SettingsPage } from './pages/settings';

const NAV = [
  { to: '/', label: 'Home' },
  { to: '/memories', label: 'Memories' },
  { to: '/apps', label: 'Apps' },
  { to: '/entities', label: 'Entities' },
  { to: '/contradictions', label: 'Contradictions' },
  { to: '/settings', label: 'Settings' },
];

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon variant="default" size="lg" onClick={() => setColorScheme(next)} aria-label={`Switch to ${next} mode`}>
      <span aria-hidden>{scheme === 'dark' ? '☀' : '☾'}</span>
    </ActionIcon>
  );
}

export function App() {
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  useEffect(close, [pathname, close]);
  const active = (to: string) => (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">Skip to content</a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h3">mnemo</Title>
            <Text size="sm" c="dimmed" visibleFrom="xs">memory dashboard</Text>
          </Group>
          <ColorSchemeToggle />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {NAV.map((n) => (
          <NavLink key={n.to} component={Link} to={n.to} label={n.label} active={active(n.to)} aria-current={active(n.to) ? 'page' : undefined} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/memories" element={<MemoriesPage />} />
          <Route path="/memories/:id" element={<MemoryDetailPage />} />
          <Route path="/apps" element={<AppsPage />} />
          <Route path="/apps/:name" element={<AppDetailPage />} />
          <Route path="/entities" element={<EntitiesPage />} />
          <Route path="/entities/:id" element={<EntityDetailPage />} />
          <Route path="/contradictions" element={<ContradictionsPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </AppShell.Main>
      <ApiKeyPrompt />
    </AppShell>
  );
}
