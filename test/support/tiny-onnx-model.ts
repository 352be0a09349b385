/**
 * Test support: writes a tiny but real Transformers.js feature-extraction model folder
 * (BERT-style WordPiece tokenizer + a one-node ONNX graph) so the transformers provider
 * is tested end to end through onnxruntime-node with no download. The graph is a single
 * `Gather` from a fixed embedding table: `last_hidden_state[b, s] = TABLE[input_ids[b, s]]`,
 * so the expected sentence vector (mean over real tokens, L2-normalised) is computable by
 * hand. The ONNX protobuf is encoded here directly (field numbers from onnx/onnx.proto).
 * Not used by the library itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Tokenizer vocabulary; ids are the positions. */
export const TINY_VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'cat', 'dog', 'fish'] as const;

/** Hidden size of the tiny model. */
export const TINY_HIDDEN = 4;

/** The embedding table, one row per vocabulary entry (all rows distinct). */
export const TINY_TABLE: readonly (readonly number[])[] = [
  [0, 0, 0, 0],
  [1, 1, 1, 1],
  [2, 0, -2, 1],
  [-1, 2, 0, -2],
  [1, -1, 2, 0],
  [-2, 1, -1, 2],
  [0, -2, 1, -1],
];

// Minimal protobuf writer: varint (wire type 0) and length-delimited (wire type 2) fields.
function varint(value: number): Buffer {
  const out: number[] = [];
  let n = value;
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}
const int = (field: number, value: number): Buffer => Buffer.concat([varint(field << 3), varint(value)]);
const bytes = (field: number, value: string | Buffer): Buffer => {
  const data = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([varint((field << 3) | 2), varint(data.length), data]);
};
const message = (field: number, ...parts: Buffer[]): Buffer => bytes(field, Buffer.concat(parts));

/** ONNX ModelProto bytes: input `input_ids` int64 [batch, seq] -> output `last_hidden_state` float [batch, seq, hidden]. */
export function tinyOnnxModel(): Buffer {
  const FLOAT = 1;
  const INT64 = 7;
  const dim = (d: number | string): Buffer => (typeof d === 'number' ? message(1, int(1, d)) : message(1, bytes(2, d)));
  // ValueInfoProto.type (2) -> TypeProto.tensor_type (1) -> {elem_type (1), shape (2) -> dim (1)*}
  const tensorType = (elem: number, dims: (number | string)[]): Buffer => message(2, message(1, int(1, elem), message(2, ...dims.map(dim))));
  const table = Buffer.from(new Float32Array(TINY_TABLE.flat()).buffer);
  const graph = Buffer.concat([
    // NodeProto: input (1), output (2), name (3), op_type (4)
    message(1, bytes(1, 'table'), bytes(1, 'input_ids'), bytes(2, 'last_hidden_state'), bytes(3, 'embed'), bytes(4, 'Gather')),
    bytes(2, 'tiny-encoder'),
    // initializer TensorProto: dims (1), data_type (2), name (8), raw_data (9)
    message(5, int(1, TINY_VOCAB.length), int(1, TINY_HIDDEN), int(2, FLOAT), bytes(8, 'table'), bytes(9, table)),
    message(11, bytes(1, 'input_ids'), tensorType(INT64, ['batch', 'sequence'])),
    message(12, bytes(1, 'last_hidden_state'), tensorType(FLOAT, ['batch', 'sequence', TINY_HIDDEN])),
  ]);
  // ModelProto: ir_version (1) = 8, producer_name (2), graph (7), opset_import (8) = {domain '', version 13}
  return Buffer.concat([int(1, 8), bytes(2, 'mnemo-test'), message(7, graph), message(8, bytes(1, ''), int(2, 13))]);
}

/** Writes the model folder (`config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model.onnx`) at `dir`. */
export function writeTinyModel(dir: string): void {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), tinyOnnxModel());
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: TINY_HIDDEN, vocab_size: TINY_VOCAB.length }));
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } };
  const sep = { SpecialToken: { id: '[SEP]', type_id: 0 } };
  writeFileSync(
    join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: TINY_VOCAB.slice(0, 4).map((token, id) => special(id, token)),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep],
        pair: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
        special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(TINY_VOCAB.map((token, id) => [token, id])),
      },
    }),
  );
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', model_max_length: 512, do_lower_case: true, pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]' }),
  );
}
