/**
 * Writing a client's config file keeps its permission bits (a 0600 file holding a key
 * stays 0600, a 0644 file stays 0644 and is reported so the caller can warn); a new file
 * that will hold a key is created 0600; the backup has the original's mode.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findClient } from './clients.js';
import { applyConfigChange, BACKUP_SUFFIX, planConfigChange, SECRET_FILE_MODE } from './config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-config-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cursor = findClient('cursor')!;
const entry = { url: 'http://127.0.0.1:1/mcp', headers: { Authorization: 'Bearer mnemo_0123456789ab_x' } };
const mode = (p: string) => statSync(p).mode & 0o777;

describe('applyConfigChange: file modes', { skip: process.platform === 'win32' ? 'POSIX modes' : false }, () => {
  it('creates a new file holding a key 0600, and a plain new file with the default mode', () => {
    const secret = join(dir, 'new-secret.json');
    assert.equal(applyConfigChange(planConfigChange(cursor, secret, entry), { secret: true }).mode, SECRET_FILE_MODE);
    assert.equal(mode(secret), 0o600);
    const plain = join(dir, 'new-plain.json');
    const umask = process.umask();
    assert.equal(applyConfigChange(planConfigChange(cursor, plain, { command: 'x', args: [] })).mode, 0o666 & ~umask);
  });

  it('keeps the mode of an existing file (0600 and 0644) and of its backup', () => {
    for (const bits of [0o600, 0o644]) {
      const path = join(dir, `existing-${bits.toString(8)}.json`);
      writeFileSync(path, '{"mcpServers": {"other": {"command": "o"}}}\n');
      chmodSync(path, bits);
      const { mode: after, backup } = applyConfigChange(planConfigChange(cursor, path, entry), { secret: true });
      assert.equal(after, bits, 'the caller learns the mode to warn about');
      assert.equal(mode(path), bits);
      assert.equal(backup, `${path}${BACKUP_SUFFIX}`);
      assert.equal(mode(backup!), bits);
      assert.equal(applyConfigChange(planConfigChange(cursor, path, entry), { secret: true }).mode, bits, 'an unchanged file reports its mode too');
    }
  });
});
