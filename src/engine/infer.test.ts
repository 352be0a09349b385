/**
 * Must-show 7 of issue 17: `add` with `infer: true` against a local HTTP server speaking
 * the chat-completions wire format (JSON mode). The LLM's ADD / UPDATE / DELETE / NONE
 * decisions are applied with history; the server down, or slower than the budget, never
 * loses the raw input (stored verbatim with a notice); without an LLM, `infer: true`
 * takes the LLM-free path and says so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RecordedRequest, useFakeHttpServer } from '../../test/support/fake-http-server.js';
import { LlmExtractor } from './llm-extractor.js';
import { Memory } from './memory.js';

/** The fake model: extracts three facts, then decides by the existing memories it is shown. */
function chat(request: RecordedRequest) {
  const [system, user] = request.body.messages as Array<{ content: string }>;
  const answer = (content: unknown) => ({ body: { choices: [{ message: { role: 'assistant', content: JSON.stringify(content) } }] } });
  if (system!.content.startsWith('You extract')) {
    return answer({ facts: ['Lives in Hamburg', 'Dog Rex passed away', 'Started learning the cello'] });
  }
  const { existing_memories: existing } = JSON.parse(user!.content) as { existing_memories: Array<{ id: string; text: string }> };
  const memory = existing.map((m) => (m.text.includes('Berlin') ? { id: m.id, text: 'Lives in Hamburg', event: 'UPDATE', old_memory: m.text }
    : m.text.includes('Rex') ? { id: m.id, text: m.text, event: 'DELETE' } : { id: m.id, text: m.text, event: 'NONE' }));
  memory.push({ id: String(existing.length), text: 'Started learning the cello', event: 'ADD' } as never);
  memory.push({ id: '99', text: 'made-up id', event: 'DELETE' } as never);
  return answer({ memory });
}

describe('add with infer: true', () => {
  const fake = useFakeHttpServer(chat);
  let memory: Memory;
  const u = { userId: 'alice' };
  const ids: Record<string, string> = {};
  before(async () => {
    // useFakeHttpServer's own `before` ran first, so the URL is known here.
    memory = new Memory({ path: ':memory:', embedder: null, extractor: new LlmExtractor({ baseUrl: `${fake.url}/v1`, model: 'fake-7b', timeoutMs: 2000 }) });
  });
  after(async () => { await memory.close(); });

  it('applies ADD / UPDATE / DELETE / NONE with history', async () => {
    for (const t of ['I live in Berlin', 'I like jazz', 'I have a dog named Rex']) ids[t] = (await memory.add(t, u)).results[0]!.id;
    const res = await memory.add([{ role: 'user', content: 'I moved to Hamburg last week. My dog Rex passed away, and I started learning the cello.' }], { ...u, infer: true });
    assert.doesNotMatch(res.notice ?? '', /verbatim/, 'the LLM path was taken');
    const byEvent = (e: string) => res.results.filter((r) => r.event === e);
    assert.deepEqual(byEvent('UPDATE').map((r) => [r.id, r.memory, r.previousMemory]), [[ids['I live in Berlin'], 'Lives in Hamburg', 'I live in Berlin']]);
    assert.deepEqual(byEvent('DELETE').map((r) => r.id), [ids['I have a dog named Rex']]);
    assert.deepEqual(byEvent('ADD').map((r) => r.memory), ['Started learning the cello']);
    const history = await memory.history(ids['I live in Berlin']!, u);
    assert.deepEqual(history.map((h) => [h.event, h.oldMemory, h.newMemory]), [['ADD', null, 'I live in Berlin'], ['UPDATE', 'I live in Berlin', 'Lives in Hamburg']]);
    assert.deepEqual((await memory.history(ids['I have a dog named Rex']!, u)).map((h) => h.event), ['ADD', 'DELETE']);
    const all = (await memory.getAll(u)).results.map((m) => m.memory).sort();
    assert.deepEqual(all, ['I like jazz', 'Lives in Hamburg', 'Started learning the cello']);
    const cello = (await memory.getAll(u)).results.find((m) => m.memory === 'Started learning the cello')!;
    assert.equal(cello.metadata.inferred, true);
    assert.equal(fake.requests.length, 2);
    assert.deepEqual(fake.requests[0]!.body.response_format, { type: 'json_object' });
    assert.equal(fake.requests[0]!.path, '/v1/chat/completions');
  });

  it('stores the raw input verbatim when the server is down', async () => {
    fake.handler = () => ({ status: 503, body: 'overloaded' });
    const raw = 'My sister Lena visits in May';
    const res = await memory.add(raw, { ...u, infer: true });
    assert.deepEqual(res.results.map((r) => [r.event, r.memory]), [['ADD', raw]]);
    assert.match(res.notice ?? '', /HTTP 503; the informative messages were stored verbatim/);
  });

  it('stores the raw input verbatim when the server is slower than the budget', async () => {
    fake.handler = (r) => ({ ...chat(r), delayMs: 3000 });
    const raw = 'Dentist appointment on Friday at nine';
    const started = Date.now();
    const res = await memory.add(raw, { ...u, infer: true });
    assert.ok(Date.now() - started < 2900, 'the budget (2 s) holds');
    assert.deepEqual(res.results.map((r) => [r.event, r.memory]), [['ADD', raw]]);
    assert.match(res.notice ?? '', /longer than 2000 ms; the informative messages were stored verbatim/);
  });

  it('without an LLM, infer: true takes the LLM-free path and says so', async () => {
    const plain = new Memory({ path: ':memory:', embedder: null });
    try {
      const res = await plain.add('I prefer aisle seats', { ...u, infer: true });
      assert.equal(res.results[0]!.event, 'ADD');
      assert.match(res.notice ?? '', /^infer: no LLM is configured .* stored verbatim \(LLM-free path\)/);
    } finally {
      await plain.close();
    }
  });
});
