import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isMnemoError } from '../../core/errors.js';
import { createEmbedder } from '../create-embedder.js';
import { TINY_TABLE, TINY_VOCAB, writeTinyModel } from '../../../test/support/tiny-onnx-model.js';
import { TransformersEmbedder } from './transformers-embedder.js';

const root = mkdtempSync(join(tmpdir(), 'mnemo-transformers-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Mean of the table rows of [CLS] words [SEP], L2-normalised: what the pipeline must return. */
function expected(words: string[]): number[] {
  const ids = ['[CLS]', ...words, '[SEP]'].map((w) => TINY_VOCAB.indexOf(w as (typeof TINY_VOCAB)[number]));
  const mean = TINY_TABLE[0]!.map((_, j) => ids.reduce((sum, id) => sum + TINY_TABLE[id]![j]!, 0) / ids.length);
  const norm = Math.hypot(...mean);
  return mean.map((x) => x / norm);
}

function assertClose(actual: Float32Array, wanted: number[]): void {
  assert.equal(actual.length, wanted.length);
  actual.forEach((x, i) => assert.ok(Math.abs(x - wanted[i]!) < 1e-6, `${Array.from(actual)} != ${wanted}`));
}

function assertUnavailable(pattern: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(isMnemoError(error, 'UNAVAILABLE'), String(error));
    assert.match(error.message, pattern);
    return true;
  };
}

describe('transformers embedder', () => {
  it('runs a real ONNX model from a folder path: mean pooling over real tokens, normalised', async () => {
    const folder = join(root, 'tiny-bert');
    writeTinyModel(folder);
    const embedder = new TransformersEmbedder({ model: folder });
    assert.equal(embedder.id, 'transformers:tiny-bert');
    assert.equal(embedder.dimensions, 0);
    const [catDog, fish, dogCat, unknown] = await embedder.embed(['cat dog', 'fish', 'Dog CAT', 'zebra']);
    assertClose(catDog!, expected(['cat', 'dog']));
    assertClose(fish!, expected(['fish']));
    assertClose(dogCat!, expected(['dog', 'cat']));
    assertClose(unknown!, expected(['[UNK]']));
    assert.equal(embedder.dimensions, 4);
    // Padding must not change a vector: 'fish' alone equals 'fish' padded in the batch above.
    assertClose((await embedder.embed(['fish']))[0]!, Array.from(fish!));
    await embedder.close();
    assert.equal((await embedder.embed(['cat'])).length, 1, 'loads again after close');
    await embedder.close();
  });

  it('finds a hub id under cacheDir and is built by createEmbedder', async () => {
    const cacheDir = join(root, 'cache');
    writeTinyModel(join(cacheDir, 'mnemo-test', 'tiny-bert'));
    const embedder = await createEmbedder({ provider: 'transformers', model: 'mnemo-test/tiny-bert', cacheDir });
    assert.ok(embedder instanceof TransformersEmbedder);
    assert.equal(embedder.id, 'transformers:mnemo-test/tiny-bert');
    assertClose((await embedder.embed(['dog']))[0]!, expected(['dog']));
    await embedder.close?.();
  });

  it('rejects a missing folder with UNAVAILABLE naming it and the fix', async () => {
    const missing = join(root, 'no-such-model');
    await assert.rejects(new TransformersEmbedder({ model: missing }).embed(['a']), assertUnavailable(new RegExp(`not found: ${missing};.*model.onnx`)));
    const cacheDir = join(root, 'empty-cache');
    await assert.rejects(
      new TransformersEmbedder({ model: 'Xenova/all-MiniLM-L6-v2', cacheDir }).embed(['a']),
      assertUnavailable(new RegExp(`${join(cacheDir, 'Xenova/all-MiniLM-L6-v2')}.*allowRemote: true`)),
    );
  });

  it('rejects a corrupt model with UNAVAILABLE and retries the load on the next call', async () => {
    const folder = join(root, 'corrupt');
    writeTinyModel(folder);
    writeFileSync(join(folder, 'onnx', 'model.onnx'), 'not a model');
    const embedder = new TransformersEmbedder({ model: folder });
    await assert.rejects(embedder.embed(['cat']), assertUnavailable(/failed to load/));
    writeTinyModel(folder);
    assertClose((await embedder.embed(['cat']))[0]!, expected(['cat']));
    await embedder.close();
  });

  it('resolves [] for no texts without loading anything', async () => {
    assert.deepEqual(await new TransformersEmbedder({ model: join(root, 'never-created') }).embed([]), []);
  });
});
