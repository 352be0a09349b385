/**
 * Picks and constructs the embedder named by an {@link EmbeddingConfig}. This is the
 * only place that knows the concrete providers; each is imported lazily so a user of
 * one provider never loads another's dependencies.
 */
import { MnemoError } from '../core/errors.js';
import type { Embedder, EmbeddingConfig } from './embedder.js';

/**
 * Builds the configured embedder.
 * @returns the embedder, or `null` for provider `none` (keyword-only search).
 * @throws MnemoError INVALID_INPUT for an unknown provider or a missing required setting.
 */
export async function createEmbedder(config: EmbeddingConfig = {}): Promise<Embedder | null> {
  const provider = config.provider ?? 'local';
  switch (provider) {
    case 'none':
      return null;
    case 'local': {
      const { UseLiteEmbedder } = await import('./local/use-lite-embedder.js');
      return new UseLiteEmbedder();
    }
    case 'transformers': {
      const { TransformersEmbedder } = await import('./transformers/transformers-embedder.js');
      return new TransformersEmbedder(config);
    }
    case 'openai': {
      const { OpenAIEmbedder } = await import('./openai/openai-embedder.js');
      return new OpenAIEmbedder(config);
    }
    case 'ollama': {
      const { OllamaEmbedder } = await import('./ollama/ollama-embedder.js');
      return new OllamaEmbedder(config);
    }
    case 'gemini': {
      const { GeminiEmbedder } = await import('./gemini/gemini-embedder.js');
      return new GeminiEmbedder(config);
    }
    default:
      throw new MnemoError('INVALID_INPUT', `unknown embedding provider "${String(provider)}" (expected local, transformers, openai, ollama, gemini or none)`);
  }
}
