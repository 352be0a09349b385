/**
 * The MCP clients `mnemo install` knows, each with its config file and the exact shape of
 * a server entry, checked against each client's documentation (2026-11):
 *
 * | client | file | key | stdio entry | HTTP entry | API key (`--api-key-file`) | key from an env var (`--api-key-env NAME`) |
 * | --- | --- | --- | --- | --- | --- | --- |
 * | Claude Desktop | `claude_desktop_config.json` | `mcpServers` | `{command, args}` | none in the file: `npx -y mcp-remote <url>` bridges | `--header "Authorization:${MNEMO_AUTH_HEADER}"` + `env.MNEMO_AUTH_HEADER = "Bearer <key>"` (mcp-remote's README: no spaces in args) | no: Claude Desktop passes servers only a few variables |
 * | Claude Code | `~/.claude.json` (user scope) | `mcpServers` | `{type:"stdio", command, args, env}` | `{type:"http", url}` | `headers.Authorization` | `${NAME}` in `headers` |
 * | Cursor | `~/.cursor/mcp.json` | `mcpServers` | `{command, args}` | `{url}` | `headers.Authorization` | `${env:NAME}` in `headers` |
 * | Windsurf | `~/.codeium/windsurf/mcp_config.json` | `mcpServers` | `{command, args}` | `{serverUrl}` | `headers.Authorization` | `${env:NAME}` in `headers` |
 * | VS Code | user `mcp.json` | `servers` | `{type:"stdio", command, args}` | `{type:"http", url}` | `headers.Authorization` | `${env:NAME}` in `headers` |
 * | Cline | `cline_mcp_settings.json` in VS Code's globalStorage | `mcpServers` | `{command, args, disabled:false}` | `{type:"streamableHttp", url}` | `headers.Authorization` | no (not documented) |
 * | Codex | `~/.codex/config.toml` | `[mcp_servers.mnemo]` | `command`, `args` | `url` | `http_headers.Authorization` | `bearer_token_env_var = "NAME"` |
 * | Gemini CLI | `~/.gemini/settings.json` | `mcpServers` | `{command, args}` | `{httpUrl}` | `headers.Authorization` | `${NAME}` in `headers` (settings.json strings) |
 * | Zed | `settings.json` (JSONC) | `context_servers` | `{command, args, env}` | `{url}` | `headers.Authorization` | no (not documented) |
 *
 * The key is sent as `Authorization: Bearer <key>`, which `mnemo serve --auth` accepts
 * (src/http/middleware/auth.ts). A literal key lands in the client's config file in plain
 * text (the CLI keeps the file's mode, creates new files 0600 and warns when others can
 * read it); an environment-variable reference keeps it out of the file, but the client
 * must be started with that variable set.
 *
 * Pure data and functions (no Node APIs), so the dashboard's install panel renders the very
 * same entries (with a placeholder, never a real key).
 */

/** How the client reaches mnemo: a process it starts, or a running server's URL. */
export type ServerSpec =
  | { kind: 'stdio'; command: string; args: string[] }
  | { kind: 'http'; url: string; auth?: HttpAuth | undefined };

/**
 * How an HTTP entry authenticates to `mnemo serve --auth`: a literal key (`token`,
 * written into the client's config file), or the name of an environment variable that
 * the client resolves when it connects (the key stays out of the file).
 */
export type HttpAuth = { kind: 'key'; token: string } | { kind: 'env'; name: string };

/** Name of the variable mcp-remote reads the whole header value from (Claude Desktop entries). */
export const MCP_REMOTE_HEADER_VAR = 'MNEMO_AUTH_HEADER';

/** A valid environment variable name for `--api-key-env` (POSIX portable names). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  /**
   * The entry stored under `<key>.mnemo`, with the key of `spec.auth` in this client's form.
   * @throws Error when `spec.auth` is an env reference and {@link McpClient.envRef} is null.
   */
  entry(spec: ServerSpec): Record<string, unknown>;
  /**
   * How this client's config refers to an environment variable inside a header value
   * (e.g. `${env:NAME}` for Cursor), `'native'` when it has its own field for it (Codex's
   * `bearer_token_env_var`), or null when its documentation describes no such thing.
   */
  envRef: ((name: string) => string) | 'native' | null;
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

/** The `Authorization` value for `auth` in a client whose header values reference variables as `envRef`. */
function bearer(client: Pick<McpClient, 'label' | 'envRef'>, auth: HttpAuth): string {
  if (auth.kind === 'key') return `Bearer ${auth.token}`;
  if (typeof client.envRef !== 'function') throw new Error(`${client.label} has no documented way to read the key from an environment variable; use a key file instead`);
  return `Bearer ${client.envRef(auth.name)}`;
}

/**
 * Adds `auth` to a remote entry of `client` in that client's documented form: `headers`
 * for most, `http_headers` / `bearer_token_env_var` for Codex, a `--header` argument plus
 * an `env` value for Claude Desktop's mcp-remote. Returns `entry` unchanged without auth.
 * Also used by the dashboard for its SSE entries.
 * @throws Error for an env reference on a client that has none (see {@link McpClient.envRef}).
 */
export function withAuth(client: McpClient, entry: Record<string, unknown>, auth: HttpAuth | undefined): Record<string, unknown> {
  if (!auth) return entry;
  if (client.id === 'claude-desktop') {
    // mcp-remote replaces ${VAR} in header values from its own environment; the value of
    // the variable may hold the space that some clients mangle inside args (its README).
    return { ...entry, args: [...(entry.args as string[]), '--header', `Authorization:\${${MCP_REMOTE_HEADER_VAR}}`], env: { [MCP_REMOTE_HEADER_VAR]: bearer(client, auth) } };
  }
  if (client.id === 'codex') {
    return auth.kind === 'env' ? { ...entry, bearer_token_env_var: auth.name } : { ...entry, http_headers: { Authorization: bearer(client, auth) } };
  }
  return { ...entry, headers: { Authorization: bearer(client, auth) } };
}

/** Whether `client` can take its key from an environment variable (`--api-key-env`). */
export function supportsEnvKey(client: McpClient): boolean {
  return client.envRef !== null;
}

/** Every supported client, in the order shown to people. */
/** A client as declared below: its stdio entry and its remote entry without auth. */
type ClientDef = Omit<McpClient, 'entry'> & {
  local(s: { command: string; args: string[] }): Record<string, unknown>;
  remote(url: string): Record<string, unknown>;
};

const DEFS: ClientDef[] = [
  {
    id: 'claude-desktop', label: 'Claude Desktop', format: 'json', key: 'mcpServers',
    where: 'claude_desktop_config.json (Settings → Developer → Edit Config); restart Claude Desktop after.',
    path: (d) => appConfig(d, 'Claude', 'claude_desktop_config.json'),
    // Its config starts local processes only; mcp-remote bridges a URL. No env reference:
    // Claude Desktop passes its servers only a few variables (USER, HOME, PATH).
    envRef: null,
    local: (s) => ({ command: s.command, args: s.args }),
    remote: (url) => ({ command: 'npx', args: ['-y', 'mcp-remote', url] }),
  },
  {
    id: 'claude-code', label: 'Claude Code', format: 'json', key: 'mcpServers',
    where: '~/.claude.json (user scope; what `claude mcp add --scope user` writes).',
    path: (d) => join(d, '.claude.json'),
    envRef: (name) => `\${${name}}`,
    local: (s) => ({ type: 'stdio', command: s.command, args: s.args, env: {} }),
    remote: (url) => ({ type: 'http', url }),
  },
  {
    id: 'cursor', label: 'Cursor', format: 'json', key: 'mcpServers',
    where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project).',
    path: (d) => join(d, '.cursor', 'mcp.json'),
    envRef: (name) => `\${env:${name}}`,
    local: (s) => ({ command: s.command, args: s.args }),
    remote: (url) => ({ url }),
  },
  {
    id: 'windsurf', label: 'Windsurf', format: 'json', key: 'mcpServers',
    where: '~/.codeium/windsurf/mcp_config.json',
    path: (d) => join(d, '.codeium', 'windsurf', 'mcp_config.json'),
    envRef: (name) => `\${env:${name}}`,
    local: (s) => ({ command: s.command, args: s.args }),
    remote: (url) => ({ serverUrl: url }),
  },
  {
    id: 'vscode', label: 'VS Code', format: 'json', key: 'servers',
    where: 'the user mcp.json (Command Palette → MCP: Open User Configuration).',
    path: (d) => appConfig(d, 'Code', 'User', 'mcp.json'),
    envRef: (name) => `\${env:${name}}`,
    local: (s) => ({ type: 'stdio', command: s.command, args: s.args }),
    remote: (url) => ({ type: 'http', url }),
  },
  {
    id: 'cline', label: 'Cline', format: 'json', key: 'mcpServers',
    where: 'cline_mcp_settings.json (Cline → MCP Servers → Configure MCP Servers).',
    path: (d) => appConfig(d, 'Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'),
    envRef: null,
    local: (s) => ({ command: s.command, args: s.args, disabled: false }),
    remote: (url) => ({ type: 'streamableHttp', url, disabled: false }),
  },
  {
    id: 'codex', label: 'Codex', format: 'toml', key: 'mcp_servers',
    where: '~/.codex/config.toml (or $CODEX_HOME/config.toml).',
    path: (d) => under(d, d.codexHome ?? join(d, '.codex'), 'config.toml'),
    envRef: 'native',
    local: (s) => ({ command: s.command, args: s.args }),
    remote: (url) => ({ url }),
  },
  {
    id: 'gemini', label: 'Gemini CLI', format: 'json', key: 'mcpServers',
    where: '~/.gemini/settings.json',
    path: (d) => join(d, '.gemini', 'settings.json'),
    envRef: (name) => `\${${name}}`,
    local: (s) => ({ command: s.command, args: s.args }),
    remote: (url) => ({ httpUrl: url }),
  },
  {
    id: 'zed', label: 'Zed', format: 'json', key: 'context_servers',
    where: 'Zed settings.json (zed: open settings).',
    path: (d) => (d.platform === 'win32' ? under(d, appData(d), 'Zed', 'settings.json') : d.platform === 'darwin' ? join(d, '.config', 'zed', 'settings.json') : under(d, xdg(d), 'zed', 'settings.json')),
    envRef: null,
    local: (s) => ({ command: s.command, args: s.args, env: {} }),
    remote: (url) => ({ url }),
  },
];

/** Every supported client, in the order shown to people. */
export const MCP_CLIENTS: readonly McpClient[] = DEFS.map(({ local, remote, ...client }) => {
  const c: McpClient = {
    ...client,
    entry: (spec) => (spec.kind === 'stdio' ? local(spec) : withAuth(c, remote(spec.url), spec.auth)),
  };
  return c;
});

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
 * else `<base>/mcp/<client>/http/<user>` (the client's id becomes its app in mnemo; with an
 * API key, `user` must be the key's user or the server answers 403), with `auth` if given.
 */
export function httpSpec(base: string, clientId: string, user: string, auth?: HttpAuth): ServerSpec {
  const trimmed = base.replace(/\/+$/, '');
  const url = /\/mcp(\/|$)/.test(new URL(trimmed).pathname) ? trimmed : `${trimmed}/mcp/${encodeURIComponent(clientId)}/http/${encodeURIComponent(user)}`;
  return auth ? { kind: 'http', url, auth } : { kind: 'http', url };
}

/**
 * A key as it may be shown: the public part of a mnemo token (`mnemo_<id>_`, the id that
 * `mnemo keys list` shows) and `...[redacted]`; nothing of any other key.
 * @example redactToken('mnemo_3fa2b1c4d5e6_Zm9v...') // 'mnemo_3fa2b1c4d5e6_...[redacted]'
 */
export function redactToken(token: string): string {
  const id = /^mnemo_[0-9a-f]{12}_/.exec(token);
  return `${id ? id[0] : ''}...[redacted]`;
}

/** The snippet a person would paste: the entry inside its key (JSON), or the TOML table. */
export function snippet(client: McpClient, spec: ServerSpec): string {
  const entry = client.entry(spec);
  if (client.format === 'toml') {
    const key = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
    const value = (v: unknown): string => (Array.isArray(v) ? `[${v.map(value).join(', ')}]`
      : typeof v === 'string' ? JSON.stringify(v)
        : v && typeof v === 'object' ? `{ ${Object.entries(v).map(([k, x]) => `${key(k)} = ${value(x)}`).join(', ')} }` // an inline table (http_headers)
          : String(v));
    return [`[${client.key}.${ENTRY_NAME}]`, ...Object.entries(entry).map(([k, v]) => `${key(k)} = ${value(v)}`)].join('\n');
  }
  return JSON.stringify({ [client.key]: { [ENTRY_NAME]: entry } }, null, 2);
}
