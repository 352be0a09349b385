/**
 * The MCP clients `mnemo install` knows, each with its config file and the exact shape of
 * a server entry, checked against each client's documentation (2026-11):
 *
 * | client | file | key | stdio entry | HTTP entry |
 * | --- | --- | --- | --- | --- |
 * | Claude Desktop | `claude_desktop_config.json` | `mcpServers` | `{command, args}` | none in the file: `npx -y mcp-remote <url>` bridges |
 * | Claude Code | `~/.claude.json` (user scope) | `mcpServers` | `{type:"stdio", command, args, env}` | `{type:"http", url}` |
 * | Cursor | `~/.cursor/mcp.json` | `mcpServers` | `{command, args}` | `{url}` |
 * | Windsurf | `~/.codeium/windsurf/mcp_config.json` | `mcpServers` | `{command, args}` | `{serverUrl}` |
 * | VS Code | user `mcp.json` | `servers` | `{type:"stdio", command, args}` | `{type:"http", url}` |
 * | Cline | `cline_mcp_settings.json` in VS Code's globalStorage | `mcpServers` | `{command, args, disabled:false}` | `{type:"streamableHttp", url}` |
 * | Codex | `~/.codex/config.toml` | `[mcp_servers.mnemo]` | `command`, `args` | `url` |
 * | Gemini CLI | `~/.gemini/settings.json` | `mcpServers` | `{command, args}` | `{httpUrl}` |
 * | Zed | `settings.json` (JSONC) | `context_servers` | `{command, args, env}` | `{url}` |
 *
 * Pure data and functions (no Node APIs), so the dashboard's install panel renders the very
 * same entries.
 */

/** How the client reaches mnemo: a process it starts, or a running server's URL. */
export type ServerSpec =
  | { kind: 'stdio'; command: string; args: string[] }
  | { kind: 'http'; url: string };

/** Where config files live, for one machine (resolved by the caller from the OS). */
export interface PlatformDirs {
  platform: 'linux' | 'darwin' | 'win32';
  /** The home folder. */
  home: string;
  /** `%APPDATA%` on Windows (default `<home>/AppData/Roaming`). */
  appData?: string | undefined;
  /** `$XDG_CONFIG_HOME` on Linux (default `<home>/.config`). */
  xdgConfig?: string | undefined;
  /** `$CODEX_HOME` (default `<home>/.codex`). */
  codexHome?: string | undefined;
}

/** One MCP client. */
export interface McpClient {
  /** Id for `mnemo install <id>`; also its app name in mnemo's MCP URL. */
  id: string;
  label: string;
  /** `json` (strict JSON or JSONC, edited in place keeping comments) or `toml` (Codex). */
  format: 'json' | 'toml';
  /** The key holding the servers (`mcpServers`, `servers`, `context_servers`, `mcp_servers`). */
  key: string;
  /** The config file for `dirs`. */
  path(dirs: PlatformDirs): string;
  /** The entry stored under `<key>.mnemo`. */
  entry(spec: ServerSpec): Record<string, unknown>;
  /** Where the file is, for people (the install panel). */
  where: string;
}

/** The entry name every client gets. */
export const ENTRY_NAME = 'mnemo';
/** The npm package (the command inside stays `mnemo`). */
export const PACKAGE_NAME = 'mnemo-memory';

const join = (dirs: PlatformDirs, ...parts: string[]) => [dirs.home, ...parts].join(dirs.platform === 'win32' ? '\\' : '/');
const under = (dirs: PlatformDirs, base: string, ...parts: string[]) => [base, ...parts].join(dirs.platform === 'win32' ? '\\' : '/');
const appData = (d: PlatformDirs) => d.appData ?? join(d, 'AppData', 'Roaming');
const xdg = (d: PlatformDirs) => d.xdgConfig ?? join(d, '.config');
/** The OS's per-user application-config folder (VS Code, Claude Desktop). */
const appConfig = (d: PlatformDirs, ...parts: string[]) =>
  d.platform === 'darwin' ? join(d, 'Library', 'Application Support', ...parts) : d.platform === 'win32' ? under(d, appData(d), ...parts) : under(d, xdg(d), ...parts);

const stdio = (spec: ServerSpec) => (spec.kind === 'stdio' ? { command: spec.command, args: spec.args } : null);

/** Every supported client, in the order shown to people. */
export const MCP_CLIENTS: readonly McpClient[] = [
  {
    id: 'claude-desktop', label: 'Claude Desktop', format: 'json', key: 'mcpServers',
    where: 'claude_desktop_config.json (Settings → Developer → Edit Config); restart Claude Desktop after.',
    path: (d) => appConfig(d, 'Claude', 'claude_desktop_config.json'),
    // Its config starts local processes only; mcp-remote bridges a URL.
    entry: (s) => stdio(s) ?? { command: 'npx', args: ['-y', 'mcp-remote', (s as { url: string }).url] },
  },
  {
    id: 'claude-code', label: 'Claude Code', format: 'json', key: 'mcpServers',
    where: '~/.claude.json (user scope; what `claude mcp add --scope user` writes).',
    path: (d) => join(d, '.claude.json'),
    entry: (s) => (s.kind === 'stdio' ? { type: 'stdio', command: s.command, args: s.args, env: {} } : { type: 'http', url: s.url }),
  },
  {
    id: 'cursor', label: 'Cursor', format: 'json', key: 'mcpServers',
    where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project).',
    path: (d) => join(d, '.cursor', 'mcp.json'),
    entry: (s) => stdio(s) ?? { url: (s as { url: string }).url },
  },
  {
    id: 'windsurf', label: 'Windsurf', format: 'json', key: 'mcpServers',
    where: '~/.codeium/windsurf/mcp_config.json',
    path: (d) => join(d, '.codeium', 'windsurf', 'mcp_config.json'),
    entry: (s) => stdio(s) ?? { serverUrl: (s as { url: string }).url },
  },
  {
    id: 'vscode', label: 'VS Code', format: 'json', key: 'servers',
    where: 'the user mcp.json (Command Palette → MCP: Open User Configuration).',
    path: (d) => appConfig(d, 'Code', 'User', 'mcp.json'),
    entry: (s) => (s.kind === 'stdio' ? { type: 'stdio', command: s.command, args: s.args } : { type: 'http', url: s.url }),
  },
  {
    id: 'cline', label: 'Cline', format: 'json', key: 'mcpServers',
    where: 'cline_mcp_settings.json (Cline → MCP Servers → Configure MCP Servers).',
    path: (d) => appConfig(d, 'Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'),
    entry: (s) => (s.kind === 'stdio' ? { command: s.command, args: s.args, disabled: false } : { type: 'streamableHttp', url: s.url, disabled: false }),
  },
  {
    id: 'codex', label: 'Codex', format: 'toml', key: 'mcp_servers',
    where: '~/.codex/config.toml (or $CODEX_HOME/config.toml).',
    path: (d) => under(d, d.codexHome ?? join(d, '.codex'), 'config.toml'),
    entry: (s) => stdio(s) ?? { url: (s as { url: string }).url },
  },
  {
    id: 'gemini', label: 'Gemini CLI', format: 'json', key: 'mcpServers',
    where: '~/.gemini/settings.json',
    path: (d) => join(d, '.gemini', 'settings.json'),
    entry: (s) => stdio(s) ?? { httpUrl: (s as { url: string }).url },
  },
  {
    id: 'zed', label: 'Zed', format: 'json', key: 'context_servers',
    where: 'Zed settings.json (zed: open settings).',
    path: (d) => (d.platform === 'win32' ? under(d, appData(d), 'Zed', 'settings.json') : d.platform === 'darwin' ? join(d, '.config', 'zed', 'settings.json') : under(d, xdg(d), 'zed', 'settings.json')),
    entry: (s) => (s.kind === 'stdio' ? { command: s.command, args: s.args, env: {} } : { url: s.url }),
  },
];

/** The client with this id (aliases: `claude` → Claude Desktop, `code` → VS Code, `gemini-cli` → Gemini CLI). */
export function findClient(id: string): McpClient | undefined {
  const alias: Record<string, string> = { claude: 'claude-desktop', code: 'vscode', 'vs-code': 'vscode', 'gemini-cli': 'gemini' };
  const key = alias[id.toLowerCase()] ?? id.toLowerCase();
  return MCP_CLIENTS.find((c) => c.id === key);
}

/**
 * The stdio spec: `npx -y mnemo-memory mcp` (or `binary` = `[command, ...args]` of an
 * installed mnemo), then `--db`/`--user` when given.
 */
export function stdioSpec(options: { db?: string | undefined; user?: string | undefined; binary?: string[] | undefined }): ServerSpec {
  const [command, ...pre] = options.binary ?? ['npx', '-y', PACKAGE_NAME];
  const args = [...pre, 'mcp', ...(options.db ? ['--db', options.db] : []), ...(options.user ? ['--user', options.user] : [])];
  return { kind: 'stdio', command: command!, args };
}

/**
 * The HTTP spec for a running server: `base` as given when it already names an MCP path,
 * else `<base>/mcp/<client>/http/<user>` (the client's id becomes its app in mnemo).
 */
export function httpSpec(base: string, clientId: string, user: string): ServerSpec {
  const trimmed = base.replace(/\/+$/, '');
  if (/\/mcp(\/|$)/.test(new URL(trimmed).pathname)) return { kind: 'http', url: trimmed };
  return { kind: 'http', url: `${trimmed}/mcp/${encodeURIComponent(clientId)}/http/${encodeURIComponent(user)}` };
}

/** The snippet a person would paste: the entry inside its key (JSON), or the TOML table. */
export function snippet(client: McpClient, spec: ServerSpec): string {
  const entry = client.entry(spec);
  if (client.format === 'toml') {
    const value = (v: unknown): string => (Array.isArray(v) ? `[${v.map(value).join(', ')}]` : typeof v === 'string' ? JSON.stringify(v) : String(v));
    return [`[${client.key}.${ENTRY_NAME}]`, ...Object.entries(entry).map(([k, v]) => `${k} = ${value(v)}`)].join('\n');
  }
  return JSON.stringify({ [client.key]: { [ENTRY_NAME]: entry } }, null, 2);
}
