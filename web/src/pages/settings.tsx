/**
 * Settings: what the server runs on (embedder, storage; never secrets), the API key
 * this browser uses, API keys (create/revoke) and export/import, each shown only when
 * the server offers it (`features` of GET /api/v1/config) and otherwise
 * explained as not available.
 */
import { Alert, Button, Checkbox, Code, CopyButton, FileInput, Group, Paper, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiKeyStore, errorMessage } from '../api/client';
import { dataApi, keyApi, useAction, useApiKeys, useHealth, useServerConfig, useStats } from '../api/queries';
import type { CreatedKey, ImportResult } from '../api/types';
import { useApiKey } from '../components/api-key-prompt';
import { ConfirmModal } from '../components/confirm';
import { Empty, ErrorAlert, Loading, NotAvailable } from '../components/feedback';
import { count, formatTime, timeAgo, vectorIndexLabel } from '../lib/format';

function Facts({ rows }: { rows: Array<[string, React.ReactNode]> }) {
  return (
    <Table variant="vertical" layout="fixed" withTableBorder={false}>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}><Table.Th w={180}>{k}</Table.Th><Table.Td style={{ overflowWrap: 'anywhere' }}>{v}</Table.Td></Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ServerSection() {
  const health = useHealth();
  const config = useServerConfig();
  const stats = useStats();
  const h = health.data;
  const c = config.data;
  if (health.error) return <ErrorAlert error={health.error} />;
  if (!h || config.isPending) return <Loading />;
  const rows: Array<[string, React.ReactNode]> = [
    ['Status', h.status],
    ['Version', h.version ?? '—'],
    ['Authentication', h.auth === 'required' ? 'API key required' : 'off (loopback only)'],
    ['User', stats.data?.user_id ?? c?.user_id ?? '—'],
    ['Storage', c ? `${c.storage.kind}${c.storage.schema_version !== null ? `, schema v${c.storage.schema_version}` : ''}${c.storage.vector_search ? ', vector search on' : ', keyword search only'}`
      : `${h.storage.ok ? 'reachable' : 'not reachable'}${h.storage.schemaVersion !== undefined ? `, schema v${h.storage.schemaVersion}` : ''}`],
    ['Embedder', c ? [c.embedder.provider ?? 'none', c.embedder.model, c.embedder.dimensions ? `${c.embedder.dimensions}-d` : null].filter(Boolean).join(' · ')
      : (h.embedder?.id ?? 'none (keyword search only)')],
    ['Vector index', h.vectorIndex ? vectorIndexLabel(h.vectorIndex) : '—'],
  ];
  if (c) rows.push(['Categories', c.categorizer.llm ? `LLM (${c.categorizer.model ?? 'configured'}) with rules as fallback` : 'keywords and meaning (no LLM; 20 seed categories)']);
  return (
    <Stack gap="xs">
      <Facts rows={rows} />
      {h.vectorIndex?.notice && <Alert color="yellow" variant="light">{h.vectorIndex.notice}</Alert>}
      {c === null && <Text size="xs" c="dimmed">Details such as the storage kind and embedding model need <code>/api/v1/config</code>, which this server does not offer yet.</Text>}
    </Stack>
  );
}

function BrowserKeySection() {
  const { key } = useApiKey();
  const qc = useQueryClient();
  return (
    <Group justify="space-between" wrap="wrap">
      <Text size="sm">{key ? <>This browser sends the key <Code>{key.slice(0, 18)}…</Code></> : 'This browser sends no API key.'}</Text>
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={() => apiKeyStore.markNeeded()}>{key ? 'Change key' : 'Set a key'}</Button>
        {key && <Button size="xs" variant="subtle" color="red" onClick={() => { apiKeyStore.set(null); void qc.invalidateQueries(); }}>Forget key</Button>}
      </Group>
    </Group>
  );
}

function KeysSection() {
  const keys = useApiKeys();
  const [app, setApp] = useState('');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const create = useAction(keyApi.create, { success: () => 'API key created' });
  const revoke = useAction(keyApi.revoke, { success: () => 'API key revoked' });
  if (keys.error) return <ErrorAlert error={keys.error} />;
  if (keys.isPending) return <Loading />;
  if (keys.data === null) {
    return <NotAvailable title="API keys">Create keys on the server with <code>mnemo keys create --user YOU [--app NAME]</code>; revoke with <code>mnemo keys revoke ID</code>.</NotAvailable>;
  }
  const live = keys.data.keys.filter((k) => k.revoked_at === null);
  return (
    <Stack>
      <form onSubmit={(e) => { e.preventDefault(); create.mutate({ app: app.trim() || undefined, name: name.trim() || undefined }, { onSuccess: (k) => { setCreated(k); setApp(''); setName(''); } }); }}>
        <Group align="flex-end" wrap="wrap">
          <TextInput label="Name" placeholder="e.g. laptop" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput label="Bound to app (optional)" placeholder="e.g. cursor" value={app} onChange={(e) => setApp(e.currentTarget.value)} />
          <Button type="submit" loading={create.isPending}>Create key</Button>
        </Group>
      </form>
      {created && (
        <Alert color="teal" title="Copy this key now: it is shown once" withCloseButton onClose={() => setCreated(null)}>
          <Group wrap="nowrap" align="center">
            <Code style={{ overflowWrap: 'anywhere' }}>{created.token}</Code>
            <CopyButton value={created.token}>{({ copied, copy }) => <Button size="xs" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
          </Group>
        </Alert>
      )}
      {live.length === 0 ? <Empty>No live API keys.</Empty> : (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead><Table.Tr><Table.Th>Id</Table.Th><Table.Th>Name</Table.Th><Table.Th>App</Table.Th><Table.Th>Created</Table.Th><Table.Th>Last used</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {live.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td><Code>{k.id}</Code></Table.Td>
                  <Table.Td>{k.name ?? '—'}</Table.Td>
                  <Table.Td>{k.app ?? 'any'}</Table.Td>
                  <Table.Td>{formatTime(k.created_at)}</Table.Td>
                  <Table.Td>{timeAgo(k.last_used_at)}</Table.Td>
                  <Table.Td><Button size="xs" color="red" variant="subtle" onClick={() => setRevoking(k.id)} aria-label={`Revoke key ${k.id}`}>Revoke</Button></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal opened={revoking !== null} title="Revoke API key" confirmLabel="Revoke" loading={revoke.isPending} onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking, { onSuccess: () => setRevoking(null) })}>
        Requests with key {revoking} will be refused from now on.
      </ConfirmModal>
    </Stack>
  );
}

function DataSection() {
  const config = useServerConfig();
  const stats = useStats();
  const [file, setFile] = useState<File | null>(null);
  const [exporting, setExporting] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [report, setReport] = useState<ImportResult | null>(null);
  const [exported, setExported] = useState<number | null>(null);
  const importer = useAction(dataApi.importFile, {
    success: (r) => `${r.format}: ${r.dryRun ? 'would import' : 'imported'} ${count(r.imported, 'memory', 'memories')} (${r.skipped.toLocaleString()} skipped, ${r.failed.toLocaleString()} failed)`,
  });
  if (config.isPending) return <Loading />;
  const f = config.data?.features;
  if (!f?.export && !f?.import) {
    return <NotAvailable title="Export and import">This server offers neither <code>/api/v1/export</code> nor <code>/api/v1/import</code>.</NotAvailable>;
  }
  const download = async () => {
    setExporting(true);
    setExported(null);
    try {
      const data = await dataApi.exportAll();
      setExported(Array.isArray((data as { memories?: unknown }).memories) ? (data as { memories: unknown[] }).memories.length : null);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: `mnemo-${stats.data?.user_id ?? 'memories'}-${new Date().toISOString().slice(0, 10)}.json` });
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };
  const upload = async () => {
    if (!file) return;
    importer.mutate({ file, dryRun }, { onSuccess: (r) => { setReport(r); if (!r.dryRun) setFile(null); } });
  };
  return (
    <Stack>
      {f.export && <Group><Button variant="default" loading={exporting} onClick={() => void download()}>Download all my memories (JSON)</Button></Group>}
      {f.import && (
        <Group align="flex-end" wrap="wrap">
          <FileInput
            label="Import a file"
            description="mnemo export, mem0 OpenMemory zip, mem0 get_all JSON, local-memory-mcp, MCP memory JSONL, OMEGA"
            accept=".json,.jsonl,.zip,.gz,application/json,application/zip"
            value={file} onChange={setFile} clearable w={360}
          />
          <Checkbox label="Dry run (change nothing)" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} />
          <Button disabled={!file} loading={importer.isPending} onClick={() => void upload()}>Import</Button>
        </Group>
      )}
      {exporting && <BusyBar label={`Exporting ${stats.data ? count(stats.data.total_memories, 'memory', 'memories') : 'memories'}…`} testId="export-busy" />}
      {!exporting && exported !== null && <Text size="sm" c="dimmed" data-testid="export-done">Exported {count(exported, 'memory', 'memories')}.</Text>}
      {importer.isPending && file && <BusyBar label={`Importing ${file.name} (${(file.size / 1024).toFixed(0)} KB)${dryRun ? ', dry run' : ''}…`} testId="import-busy" />}
      {report && (
        <Alert color={report.failed > 0 ? 'yellow' : 'blue'} title={`${report.format}: ${report.dryRun ? 'would import' : 'imported'} ${report.imported}, skipped ${report.skipped}, failed ${report.failed}${report.graph ? `; knowledge graph: ${count(report.graph.entities, 'entity', 'entities')}, ${count(report.graph.observations, 'observation', 'observations')}, ${count(report.graph.relations, 'relation', 'relations')} added` : report.parsedGraph.entities.length > 0 ? `; knowledge graph in the file: ${count(report.parsedGraph.entities.length, 'entity', 'entities')}, ${count(report.parsedGraph.relations.length, 'relation', 'relations')}` : ''}`} data-testid="import-report">
          {[...report.reasons.failed.map((r) => `failed ${r.ref}: ${r.reason}`), ...report.reasons.skipped.map((r) => `skipped ${r.ref}: ${r.reason}`)].slice(0, 10).map((line) => <Text key={line} size="sm">{line}</Text>)}
        </Alert>
      )}
    </Stack>
  );
}

/** An indeterminate bar for a long operation the server answers in one response (no partial counts to show). */
function BusyBar({ label, testId }: { label: string; testId: string }) {
  return (
    <Stack gap={4} data-testid={testId} role="status" aria-live="polite">
      <Text size="sm">{label}</Text>
      <Progress value={100} striped animated aria-label={label} />
    </Stack>
  );
}

export function SettingsPage() {
  useDocumentTitle('Settings · mnemo');
  const sections: Array<[string, React.ReactNode]> = [
    ['Server', <ServerSection key="s" />],
    ['This browser', <BrowserKeySection key="b" />],
    ['API keys', <KeysSection key="k" />],
    ['Export and import', <DataSection key="d" />],
  ];
  return (
    <Stack>
      <Title order={2}>Settings</Title>
      {sections.map(([title, body]) => (
        <Paper withBorder p="md" key={title} component="section" aria-label={title}>
          <Title order={3} size="h5" mb="sm">{title}</Title>
          {body}
        </Paper>
      ))}
    </Stack>
  );
}
