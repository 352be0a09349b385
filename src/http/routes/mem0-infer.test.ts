/**
 * mem0's add route honours `infer` (mem0's default): with an LLM configured the facts it
 * extracts are stored (events in mem0's shape); `infer: false` stores verbatim; without an
 * LLM the route stores verbatim and says so in `X-Mnemo-Notice`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness } from '../../../test/support/http-harness.js';
import { useFakeHttpServer } from '../../../test/support/fake-http-server.js';
import { LlmExtractor } from '../../engine/llm-extractor.js';

describe('mem0 add with infer', () => {
  const fake = useFakeHttpServer((r) => {
    const system = (r.body.messages as Array<{ content: string }>)[0]!.content;
    const content = system.startsWith('You extract') ? { facts: ['Is vegetarian'] } : { memory: [{ id: '0', text: 'Is vegetarian', event: 'ADD' }] };
    return { body: { choices: [{ message: { content: JSON.stringify(content) } }] } };
  });
  let h: ReturnType<typeof harness>;
  const plain = harness();
  before(() => { h = harness({}, { extractor: new LlmExtractor({ baseUrl: `${fake.url}/v1`, model: 'fake', timeoutMs: 2000 }) }); });
  after(async () => { await h.memory.close(); await plain.memory.close(); });

  it('extracts facts by default and stores verbatim with infer: false', async () => {
    const inferred = await h.call('POST', '/v1/memories/', { messages: [{ role: 'user', content: "I don't eat meat, I'm vegetarian" }], user_id: 'ann' });
    assert.equal(inferred.status, 200);
    assert.deepEqual(inferred.body.map((e: { event: string; memory: string }) => [e.event, e.memory]), [['ADD', 'Is vegetarian']]);
    const verbatim = await h.call('POST', '/v1/memories/', { messages: 'Raw note', user_id: 'ann', infer: false });
    assert.deepEqual(verbatim.body.map((e: { memory: string }) => e.memory), ['Raw note']);
    assert.equal(fake.requests.length, 2, 'infer: false asks no LLM');
  });

  it('without an LLM stores verbatim and says so', async () => {
    const res = await plain.call('POST', '/v1/memories/', { messages: 'I like tea', user_id: 'ann' });
    assert.equal(res.body[0].memory, 'I like tea');
    assert.match(res.headers.get('x-mnemo-notice') ?? '', /no LLM is configured/);
  });
});
