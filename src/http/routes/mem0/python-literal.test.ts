/** Unit tests of reading httpx's Python-repr query values (python-literal.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MnemoError } from '../../../core/errors.js';
import { parseQueryLiteral } from './python-literal.js';

describe('parseQueryLiteral', () => {
  it('reads JSON as JSON', () => {
    assert.deepEqual(parseQueryLiteral('{"user_id": "a", "n": 1}', 'filters'), { user_id: 'a', n: 1 });
  });

  it("reads a Python dict repr: quotes, escapes, True/False/None, numbers, lists and tuples", () => {
    const text = String.raw`{'user_id': 'alice', "q": 'it\'s', 'AND': [{'agent_id': 'x'}, {'run_id': None}], 'ok': True, 'no': False, 'n': -2.5, 't': ('a', 1,)}`;
    assert.deepEqual(parseQueryLiteral(text, 'filters'), {
      user_id: 'alice', q: "it's", AND: [{ agent_id: 'x' }, { run_id: null }], ok: true, no: false, n: -2.5, t: ['a', 1],
    });
  });

  it('never gives a key the power to reach the prototype', () => {
    const parsed = parseQueryLiteral("{'__proto__': {'polluted': 1}}", 'filters') as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(parsed), ['__proto__']);
  });

  it('refuses anything else with a 400 naming the field and the position', () => {
    for (const bad of ["{'user_id': alice}", "{'a': 1", "{'a' 1}", "{1: 'a'}", "'open", "{'a': 1} extra", '['.repeat(40) + 'None' + ']'.repeat(40)]) {
      assert.throws(() => parseQueryLiteral(bad, 'filters'), (e: unknown) => e instanceof MnemoError && e.code === 'INVALID_INPUT' && /filters/.test(e.message) && /character \d+/.test(e.message), bad);
    }
  });
});
