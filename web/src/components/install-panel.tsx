/**
 * The install panel: the exact MCP configuration of each supported client, for stdio
 * (`mnemo mcp`, a process the client starts) and for this server over Streamable HTTP
 * (`/mcp/{client}/http/{user}`) or legacy SSE (`/mcp/{client}/sse/{user}`). The client's
 * name in the URL becomes the app its reads and writes are recorded under.
 */
import { Button, Code, CopyButton, Group, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';

export type Transport = 'stdio' | 'http' | 'sse';

interface Client {
  /** Its name in the MCP URL, and so its app name. */
  id: string;
  label: string;
  /** Where the snippet goes. */
  where: string;
}

export const CLIENTS: readonly Client[] = [
  { id: 'claude', label: 'Claude Desktop', where: 'claude_desktop_config.json (Settings → Developer → Edit Config), then restart Claude Desktop.' },
  { id: 'claude-code', label: 'Claude Code', where: 'Run in a terminal.' },
  { id: 'cursor', label: 'Cursor', where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project).' },
  { id: 'windsurf', label: 'Windsurf', where: '~/.codeium/windsurf/mcp_config.json' },
  { id: 'cline', label: 'Cline', where: 'cline_mcp_settings.json (Cline → MCP Servers → Configure MCP Servers).' },
];

/** Placeholder for a key when the server requires one (never a real key). */
const KEY_PLACEHOLDER = '<your-api-key>';

/** The URL of this server's MCP endpoint for `client` and `user`. */
export function mcpUrl(origin: string, client: string, transport: Exclude<Transport, 'stdio'>, user: string): string {
  return `${origin}/mcp/${encodeURIComponent(client)}/${transport}/${encodeURIComponent(user)}`;
}

const json = (servers: Record<string, unknown>) => JSON.stringify({ mcpServers: { mnemo: servers } }, null, 2);

/**
 * The configuration text for one client and transport.
 * @example mcpSnippet('cursor', 'http', 'http://127.0.0.1:8765', 'alice', false)
 */
export function mcpSnippet(client: string, transport: Transport, origin: string, user: string, authRequired: boolean): string {
  const header = `Authorization: Bearer ${KEY_PLACEHOLDER}`;
  const headers = authRequired ? { headers: { Authorization: `Bearer ${KEY_PLACEHOLDER}` } } : {};
  if (transport === 'stdio') {
    const args = ['mcp', '--user', user];
    if (client === 'claude-code') return `claude mcp add mnemo -- mnemo ${args.join(' ')}`;
    return json({ command: 'mnemo', args });
  }
  const url = mcpUrl(origin, client, transport, user);
  switch (client) {
    case 'claude-code':
      return `claude mcp add --transport ${transport} mnemo ${url}${authRequired ? ` --header "${header}"` : ''}`;
    case 'claude':
      // Claude Desktop's config file starts local processes only; mcp-remote bridges to a URL.
      return json({
        command: 'npx',
        args: ['-y', 'mcp-remote', url, '--transport', transport === 'http' ? 'http-only' : 'sse-only', ...(authRequired ? ['--header', header] : [])],
      });
    case 'windsurf':
      return json({ serverUrl: url, ...headers });
    case 'cline':
      return json({ type: transport === 'http' ? 'streamableHttp' : 'sse', url, ...headers });
    default:
      return json({ url, ...headers });
  }
}

export function InstallPanel({ user, authRequired }: { user: string; authRequired: boolean }) {
  const [transport, setTransport] = useState<Transport>('http');
  const origin = window.location.origin;
  return (
    <Stack gap="sm">
      <SegmentedControl
        value={transport} onChange={(v) => setTransport(v as Transport)} aria-label="Transport" fullWidth
        data={[{ value: 'http', label: 'HTTP' }, { value: 'sse', label: 'SSE' }, { value: 'stdio', label: 'stdio' }]}
      />
      <Text size="xs" c="dimmed">
        {transport === 'stdio'
          ? 'stdio: the client starts `mnemo mcp` itself, on this machine\'s default database (put `mnemo` on your PATH with `npm link` first).'
          : `${transport === 'http' ? 'Streamable HTTP' : 'Server-sent events (older clients)'} to this server, as user "${user}"; the client's name becomes its app here.${authRequired ? ' This server requires an API key: replace the placeholder.' : ''}`}
      </Text>
      <Tabs defaultValue={CLIENTS[0]!.id} keepMounted={false}>
        <Tabs.List>
          {CLIENTS.map((c) => <Tabs.Tab key={c.id} value={c.id}>{c.label}</Tabs.Tab>)}
        </Tabs.List>
        {CLIENTS.map((c) => {
          const text = mcpSnippet(c.id, transport, origin, user, authRequired);
          return (
            <Tabs.Panel key={c.id} value={c.id} pt="sm">
              <Group justify="space-between" align="flex-start" mb={6} wrap="nowrap">
                <Text size="xs" c="dimmed">{c.where}</Text>
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
