/**
 * mnemo's embedder in the shape of a LangChain `Embeddings` object (`embedQuery`,
 * `embedDocuments`), which mem0's open-source `Memory` accepts in-process through its
 * `langchain` embedder provider. This gives mem0 the very model mnemo uses (USE-Lite,
 * 512-d), with no HTTP hop and no API key, so recall and latency differences come from
 * the memory layers and not from their embedders.
 */
import type { Embedder } from '../../src/index.js';

/** The LangChain `Embeddings` methods mem0 calls. Vectors are plain number arrays. */
export interface LangchainEmbeddings {
  embedQuery(text: string): Promise<number[]>;
  embedDocuments(texts: string[]): Promise<number[][]>;
}

/** Wraps `embedder` as LangChain-style embeddings. */
export function langchainEmbeddings(embedder: Embedder): LangchainEmbeddings {
  return {
    async embedQuery(text) {
      const [vector] = await embedder.embed([text]);
      if (!vector) throw new Error('embedder returned no vector');
      return Array.from(vector);
    },
    async embedDocuments(texts) {
      return (await embedder.embed(texts)).map((v) => Array.from(v));
    },
  };
}
