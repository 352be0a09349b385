/**
 * The install panel: the exact MCP configuration of each supported client (the same
 * entries `mnemo install <client>` writes, from src/install/clients.ts), for stdio
 * (`npx -y mnemo-memory mcp --db <this server's database>`, a process the client starts)
 * and for this server over Streamable HTTP (`/mcp/{client}/http/{user}`) or legacy SSE
 * (`/mcp/{client}/sse/{user}`). The client's name in the URL becomes the app its reads and
 * writes are recorded under. When this server requires a key, each entry carries it in the
 * client's own form (src/install/clients.ts `withAuth`) with a placeholder, never a real
 * key, and the one-line command adds `--api-key-file`.
 */
import { Button, Code, CopyButton, Group, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { ENTRY_NAME, type HttpAuth, MCP_CLIENTS, type McpClient, PACKAGE_NAME, snippet, stdioSpec, withAuth } from '../../../src/install/clients';
import { useInstallInfo } from '../api/queries';

export type Transport = 'stdio' | 'http' | 'sse';

/** Placeholder for a key when the server requires one (never a real key). */
const KEY_PLACEHOLDER = '<your-api-key>';
/** The placeholder as the auth of an entry. */
const PLACEHOLDER_AUTH: HttpAuth = { kind: 'key', token: KEY_PLACEHOLDER };

/** The URL of this server's MCP endpoint for `client` and `user`. */
export function mcpUrl(origin: string, client: string, transport: Exclude<Transport, 'stdio'>, user: string): string {
  return `${origin}/mcp/${encodeURIComponent(client)}/${transport}/${encodeURIComponent(user)}`;
}

/** A client's remote entry for SSE, where its keys differ from Streamable HTTP. */
function sseEntry(client: McpClient, url: string): Record<string, unknown> | null {
  switch (client.id) {
    case 'claude-desktop': return { command: 'npx', args: ['-y', 'mcp-remote', url, '--transport', 'sse-only'] };
    case 'claude-code': case 'vscode': return { type: 'sse', url };
    case 'cline': return { type: 'sse', url, disabled: false };
    case 'gemini': return { url };
    case 'codex': return null; // Codex speaks stdio and Streamable HTTP only
    default: return client.entry({ kind: 'http', url });
  }
}

/**
 * The configuration text for one client and transport.
 * @example mcpSnippet(client, 'http', 'http://127.0.0.1:8765', 'alice', false, '/home/alice/.local/share/mnemo/memory.sqlite')
 */
export function mcpSnippet(client: McpClient, transport: Transport, origin: string, user: string, authRequired: boolean, db: string | null): string {
  if (transport === 'stdio') return snippet(client, stdioSpec({ db: db ?? undefined, user }));
  const url = mcpUrl(origin, client.id, transport, user);
  const auth = authRequired ? PLACEHOLDER_AUTH : undefined;
  const base = transport === 'http' ? client.entry({ kind: 'http', url }) : sseEntry(client, url);
  if (base === null) return `${client.label} connects over stdio or Streamable HTTP; choose one of those.`;
  const entry = withAuth(client, base, auth);
  return snippet({ ...client, entry: () => entry }, { kind: 'http', url });
}

/** The one-line installer for a client (stdio or HTTP), as a shell command. */
export function installCommand(client: McpClient, transport: Transport, origin: string, user: string, db: string | null, authRequired = false): string | null {
  if (transport === 'sse') return null;
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const globals = [...(transport === 'stdio' && db ? ['--db', quote(db)] : []), '--user', quote(user)];
  const key = transport === 'http' && authRequired ? ' --api-key-file ~/.mnemo-api-key' : '';
  return `npx -y ${PACKAGE_NAME} ${globals.join(' ')} install ${client.id}${transport === 'http' ? ` --url ${origin}${key}` : ''}`;
}

export function InstallPanel({ user, authRequired }: { user: string; authRequired: boolean }) {
  const [transport, setTransport] = useState<Transport>('http');
  const info = useInstallInfo();
  const db = info.data?.db ?? null;
  const origin = window.location.origin;
  return (
    <Stack gap="sm">
      <SegmentedControl
        value={transport} onChange={(v) => setTransport(v as Transport)} aria-label="Transport" fullWidth
        data={[{ value: 'http', label: 'HTTP' }, { value: 'sse', label: 'SSE' }, { value: 'stdio', label: 'stdio' }]}
      />
      <Text size="xs" c="dimmed">
        {transport === 'stdio'
          ? `stdio: the client starts \`npx -y ${PACKAGE_NAME} mcp\` itself, on ${db ? `this server's database (${db})` : "this machine's default database"}.`
          : `${transport === 'http' ? 'Streamable HTTP' : 'Server-sent events (older clients)'} to this server, as user "${user}"; the client's name becomes its app here.${authRequired ? ' This server requires an API key (mnemo keys create): put it in a file only you can read (chmod 600) for the command, or replace the placeholder in the snippet.' : ''}`}
      </Text>
      <Tabs defaultValue={MCP_CLIENTS[0]!.id} keepMounted={false}>
        <Tabs.List>
          {MCP_CLIENTS.map((c) => <Tabs.Tab key={c.id} value={c.id}>{c.label}</Tabs.Tab>)}
        </Tabs.List>
        {MCP_CLIENTS.map((c) => {
          const text = mcpSnippet(c, transport, origin, user, authRequired, db);
          const command = installCommand(c, transport, origin, user, db, authRequired);
          return (
            <Tabs.Panel key={c.id} value={c.id} pt="sm">
              {command && (
                <Text size="xs" mb={6}>Install with one command (keeps your other servers, writes a backup): <Code data-testid={`mcp-install-${c.id}`}>{command}</Code></Text>
              )}
              <Group justify="space-between" align="flex-start" mb={6} wrap="nowrap">
                <Text size="xs" c="dimmed">Or add the "{ENTRY_NAME}" entry by hand to {c.where}</Text>
                <CopyButton value={text}>
                  {({ copied, copy }) => (
                    <Button size="compact-xs" style={{ flexShrink: 0 }} variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}
                      aria-label={`Copy the ${c.label} ${transport} configuration`}>
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Code block data-testid={`mcp-config-${c.id}`} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{text}</Code>
            </Tabs.Panel>
          );
        })}
      </Tabs>
    </Stack>
  );
}
