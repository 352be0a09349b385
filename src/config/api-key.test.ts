/**
 * Where `mnemo install --url` takes an API key from: a key file only its owner can read
 * (wins), else MNEMO_API_KEY; malformed keys and refused files are INVALID_INPUT errors
 * that never contain the key.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isMnemoError } from '../core/errors.js';
import { resolveApiKey } from './api-key.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-api-key-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const TOKEN = 'mnemo_0123456789ab_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA';

function file(name: string, text: string, bits = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, bits);
  return path;
}

/** Asserts an INVALID_INPUT error matching `pattern` that does not contain the key. */
function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => isMnemoError(e, 'INVALID_INPUT') && pattern.test(e.message) && !e.message.includes(TOKEN));
}

describe('resolveApiKey', () => {
  it('reads the key file (trailing newline dropped), which wins over MNEMO_API_KEY', () => {
    const path = file('key', `${TOKEN}\n`);
    assert.deepEqual(resolveApiKey({ file: path, env: { MNEMO_API_KEY: 'mnemo_ffffffffffff_other' } }), { token: TOKEN, source: `the key file ${path}` });
    assert.deepEqual(resolveApiKey({ env: { MNEMO_API_KEY: TOKEN } }), { token: TOKEN, source: 'MNEMO_API_KEY' });
    assert.equal(resolveApiKey({ env: {} }), null);
  });

  it('refuses missing, non-regular, others-readable, empty and malformed keys, naming the fix', () => {
    refused(() => resolveApiKey({ file: join(dir, 'missing'), env: {} }), /does not exist/);
    mkdirSync(join(dir, 'a-dir'));
    refused(() => resolveApiKey({ file: join(dir, 'a-dir'), env: {} }), /not a regular file/);
    if (process.platform !== 'win32') refused(() => resolveApiKey({ file: file('open', TOKEN, 0o644), env: {} }), /chmod 600/);
    refused(() => resolveApiKey({ file: file('empty', '\n'), env: {} }), /empty/);
    refused(() => resolveApiKey({ file: file('spaces', `${TOKEN} ${TOKEN}`), env: {} }), /spaces/);
    refused(() => resolveApiKey({ env: { MNEMO_API_KEY: `${TOKEN}\r\nX-Evil: 1` } }), /spaces or characters/);
    refused(() => resolveApiKey({ file: file('long', 'x'.repeat(300)), env: {} }), /longer than/);
  });
});
