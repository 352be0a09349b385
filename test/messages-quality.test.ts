/**
 * mem0 `add(messages)` without an LLM (issue 13): the default (`infer`) path keeps what
 * carries information and drops acknowledgements such as "Great, noted!"; `infer: false`
 * still stores every message verbatim. Measured on the team's labelled turns.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Memory } from '../src/engine/memory.js';
import { judgeMessage } from '../src/engine/message-filter.js';

const fixture = (JSON.parse(readFileSync(join(process.cwd(), 'test', 'fixtures', 'messages', 'conversations.json'), 'utf8')) as {
  items: Array<['user' | 'assistant', string, boolean]>;
}).items;

describe('messages without an LLM', () => {
  it('judges the labelled turns right (at least 95%, no informative user turn dropped)', () => {
    const wrong = fixture.filter(([role, text, keep]) => judgeMessage(role, text).keep !== keep);
    assert.ok(fixture.length >= 40);
    assert.ok(1 - wrong.length / fixture.length >= 0.95, `wrong: ${JSON.stringify(wrong)}`);
    assert.deepEqual(wrong.filter(([role, , keep]) => role === 'user' && keep), []);
  });

  it('add(messages, infer) stores the user statement, not "Great, noted!", and says why', async () => {
    const memory = new Memory({ path: ':memory:', embedder: null });
    try {
      const res = await memory.add([
        { role: 'user', content: 'I am vegan and allergic to cashews' },
        { role: 'assistant', content: 'Great, noted!' },
      ], { userId: 'u', infer: true });
      assert.deepEqual(res.results.map((e) => [e.event, e.memory]), [['ADD', 'I am vegan and allergic to cashews']]);
      assert.match(res.notice ?? '', /kept 1 of 2 messages \(user statements\); dropped assistant acknowledgement "Great, noted!"/);
      assert.deepEqual((await memory.getAll({ userId: 'u' })).results.map((m) => m.memory), ['I am vegan and allergic to cashews']);

      const none = await memory.add([{ role: 'user', content: 'thanks!' }, { role: 'assistant', content: 'You are welcome!' }], { userId: 'u', infer: true });
      assert.deepEqual(none.results, []);
      assert.match(none.notice ?? '', /kept 0 of 2/);

      const verbatim = await memory.add([{ role: 'user', content: 'ok' }, { role: 'assistant', content: 'Great, noted!' }], { userId: 'u', infer: false });
      assert.equal(verbatim.results.length, 2, 'infer: false stores every message');
    } finally {
      await memory.close();
    }
  });
});
