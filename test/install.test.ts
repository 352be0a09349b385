/**
 * Must-show 2 of issue 12: `mnemo install <client>` for every client against fixture
 * config files (missing, empty, with other servers, with comments where the format allows):
 * the result parses in that client's format with the documented entry shape, other
 * entries are intact, a second run changes nothing, `--print` writes nothing, and
 * `uninstall` restores the file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { findClient, httpSpec, MCP_CLIENTS, type McpClient, stdioSpec } from '../src/install/clients.js';
import { applyConfigChange, BACKUP_SUFFIX, planConfigChange } from '../src/install/config-file.js';
import { platformDirs } from '../src/install/platform-dirs.js';
import { CLI_PATH, PROJECT_ROOT, tempDir } from './support/cli-path.js';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'install');
const tmp = tempDir('mnemo-install-');
after(() => tmp.cleanup());

/** Fixture with other servers (and comments where the format has them) per client. */
const WITH_OTHERS: Record<string, { file: string; others: string[]; comment?: string }> = {
  'claude-desktop': { file: 'mcpservers-with-others.json', others: ['filesystem', 'remote-docs'] },
  'claude-code': { file: 'claude-code.json', others: ['sentry'] },
  cursor: { file: 'mcpservers-with-others.json', others: ['filesystem', 'remote-docs'] },
  windsurf: { file: 'mcpservers-with-others.json', others: ['filesystem', 'remote-docs'] },
  vscode: { file: 'vscode-mcp-comments.jsonc', others: ['github'], comment: '// Servers for every workspace' },
  cline: { file: 'mcpservers-with-others.json', others: ['filesystem', 'remote-docs'] },
  codex: { file: 'codex-config.toml', others: ['docs'], comment: '# the docs server' },
  gemini: { file: 'mcpservers-with-others.json', others: ['filesystem', 'remote-docs'] },
  zed: { file: 'zed-settings-comments.json', others: ['local-mcp-server'], comment: '// MCP servers for the agent' },
};

function read(c: McpClient, path: string): Record<string, any> {
  const text = readFileSync(path, 'utf8');
  if (c.format === 'toml') return JSON.parse(JSON.stringify(parseToml(text))) as Record<string, any>;
  const errors: unknown[] = [];
  const doc = parseJsonc(text, errors as never, { allowTrailingComma: true });
  assert.deepEqual(errors, [], `${path} parses`);
  return doc;
}

function withoutMnemo(c: McpClient, doc: Record<string, any>): Record<string, any> {
  const copy = structuredClone(doc);
  delete copy[c.key]?.mnemo;
  return copy;
}

let n = 0;
const spec = stdioSpec({ db: '/data/mnemo.sqlite', user: 'lee' });

describe('mnemo install (every client)', () => {
  for (const c of MCP_CLIENTS) {
    it(`${c.label}: missing, empty and populated files; idempotent; print; uninstall restores`, () => {
      const entry = c.entry(spec);
      const fixture = WITH_OTHERS[c.id]!;
      for (const start of ['missing', 'empty', 'others'] as const) {
        n += 1;
        const path = join(tmp.dir, `${c.id}-${n}`, start === 'others' ? fixture.file : 'config');
        mkdirSync(dirname(path), { recursive: true });
        const original = start === 'others' ? readFileSync(join(FIXTURES, fixture.file), 'utf8') : start === 'empty' ? '' : null;
        if (original !== null) writeFileSync(path, original);

        // --print (plan only) writes nothing.
        const plan = planConfigChange(c, path, entry);
        assert.equal(plan.changed, true);
        assert.equal(existsSync(path) ? readFileSync(path, 'utf8') : null, original, 'planning writes nothing');

        const { backup } = applyConfigChange(plan);
        assert.equal(backup !== null, original !== null, 'a backup exactly when there was a file');
        if (backup) assert.equal(readFileSync(backup, 'utf8'), original);
        const doc = read(c, path);
        assert.deepEqual(doc[c.key].mnemo, entry, `${c.id}: the entry under ${c.key}.mnemo`);
        if (start === 'others') {
          const before = c.format === 'toml' ? JSON.parse(JSON.stringify(parseToml(original!))) : parseJsonc(original!, [], { allowTrailingComma: true });
          assert.deepEqual(withoutMnemo(c, doc), before, 'every other entry intact');
          for (const other of fixture.others) assert.ok(doc[c.key][other], `${other} kept`);
          if (fixture.comment) assert.ok(readFileSync(path, 'utf8').includes(fixture.comment), 'comments kept');
        }

        const written = readFileSync(path, 'utf8');
        const again = planConfigChange(c, path, entry);
        assert.equal(again.changed, false, 'a second run changes nothing');
        applyConfigChange(again);
        assert.equal(readFileSync(path, 'utf8'), written);

        applyConfigChange(planConfigChange(c, path, undefined));
        const restored = readFileSync(path, 'utf8');
        if (original !== null && original.trim() !== '') {
          assert.equal(restored, original, 'uninstall restores the file exactly');
        } else {
          const left = restored.trim() === '' ? {} : read(c, path);
          assert.deepEqual(left, {}, 'uninstall leaves no mnemo entry behind');
        }
        assert.equal(planConfigChange(c, path, undefined).changed, false, 'uninstalling twice changes nothing');
      }
    });
  }

  it('HTTP entries use each client\'s documented key', () => {
    const url = (id: string) => httpSpec('http://127.0.0.1:8765', id, 'lee');
    assert.deepEqual(findClient('windsurf')!.entry(url('windsurf')), { serverUrl: 'http://127.0.0.1:8765/mcp/windsurf/http/lee' });
    assert.deepEqual(findClient('gemini')!.entry(url('gemini')), { httpUrl: 'http://127.0.0.1:8765/mcp/gemini/http/lee' });
    assert.deepEqual(findClient('vscode')!.entry(url('vscode')), { type: 'http', url: 'http://127.0.0.1:8765/mcp/vscode/http/lee' });
    assert.deepEqual(findClient('claude-code')!.entry(url('claude-code')), { type: 'http', url: 'http://127.0.0.1:8765/mcp/claude-code/http/lee' });
    assert.equal(findClient('cline')!.entry(url('cline')).type, 'streamableHttp');
    assert.deepEqual(findClient('claude')!.entry(url('claude-desktop')).args, ['-y', 'mcp-remote', 'http://127.0.0.1:8765/mcp/claude-desktop/http/lee']);
    assert.deepEqual(httpSpec('http://h:1/mcp', 'x', 'y'), { kind: 'http', url: 'http://h:1/mcp' });
  });

  it('finds each config file on Linux, macOS and Windows', () => {
    const linux = platformDirs({}, 'linux', '/home/lee');
    const mac = platformDirs({}, 'darwin', '/Users/lee');
    const win = platformDirs({ APPDATA: 'C:\\Users\\lee\\AppData\\Roaming' }, 'win32', 'C:\\Users\\lee');
    const path = (id: string, d: typeof linux) => findClient(id)!.path(d);
    assert.equal(path('claude-desktop', mac), '/Users/lee/Library/Application Support/Claude/claude_desktop_config.json');
    assert.equal(path('claude-desktop', win), 'C:\\Users\\lee\\AppData\\Roaming\\Claude\\claude_desktop_config.json');
    assert.equal(path('claude-desktop', linux), '/home/lee/.config/Claude/claude_desktop_config.json');
    assert.equal(path('vscode', mac), '/Users/lee/Library/Application Support/Code/User/mcp.json');
    assert.equal(path('vscode', win), 'C:\\Users\\lee\\AppData\\Roaming\\Code\\User\\mcp.json');
    assert.equal(path('cline', linux), '/home/lee/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json');
    assert.equal(path('codex', platformDirs({ CODEX_HOME: '/opt/codex' }, 'linux', '/home/lee')), '/opt/codex/config.toml');
    assert.equal(path('zed', win), 'C:\\Users\\lee\\AppData\\Roaming\\Zed\\settings.json');
    assert.equal(path('zed', platformDirs({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/lee')), '/x/zed/settings.json');
    assert.equal(path('cursor', win), 'C:\\Users\\lee\\.cursor\\mcp.json');
    assert.equal(path('gemini', mac), '/Users/lee/.gemini/settings.json');
  });

  it('the CLI: --print writes nothing, install is idempotent, a broken file is refused untouched, uninstall restores', () => {
    const home = join(tmp.dir, 'home');
    const mnemo = (args: string[]) => spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
    const zed = join(home, '.config', 'zed', 'settings.json');
    const printed = mnemo(['--db', '/data/m.sqlite', 'install', 'zed', '--print']);
    assert.equal(printed.status, 0, printed.stderr);
    assert.match(printed.stdout, /"--db",\s*"\/data\/m\.sqlite"/);
    assert.equal(existsSync(zed), false, '--print wrote nothing');
    const cursor = join(tmp.dir, 'cli-cursor.json');
    copyFileSync(join(FIXTURES, 'mcpservers-with-others.json'), cursor);
    const first = mnemo(['--user', 'lee', '--json', 'install', 'cursor', '--config', cursor]);
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual([JSON.parse(first.stdout).changed, JSON.parse(first.stdout).backup], [true, `${cursor}${BACKUP_SUFFIX}`]);
    assert.deepEqual(JSON.parse(readFileSync(cursor, 'utf8')).mcpServers.mnemo, { command: 'npx', args: ['-y', 'mnemo-memory', 'mcp', '--user', 'lee'] });
    assert.match(mnemo(['--user', 'lee', 'install', 'cursor', '--config', cursor]).stdout, /nothing changed/);
    const broken = join(tmp.dir, 'broken.json');
    writeFileSync(broken, '{"mcpServers": {');
    const refused = mnemo(['install', 'cursor', '--config', broken]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /cannot read .*broken\.json/);
    assert.equal(readFileSync(broken, 'utf8'), '{"mcpServers": {');
    assert.equal(mnemo(['uninstall', 'cursor', '--config', cursor]).status, 0);
    assert.equal(readFileSync(cursor, 'utf8'), readFileSync(join(FIXTURES, 'mcpservers-with-others.json'), 'utf8'));
    assert.equal(mnemo(['install', 'notepad']).status, 2);
  });
});
