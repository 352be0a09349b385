/**
 * Settings of the optional LLM categorizer, from the environment and CLI flags (this
 * folder is the one reader of `process.env`). Without a base URL and a model there is
 * no LLM categorization and memories get the deterministic keyword categories.
 *
 * Variables: `MNEMO_LLM_BASE_URL` (OpenAI-compatible, up to `/v1`), `MNEMO_LLM_MODEL`,
 * `MNEMO_LLM_API_KEY`, `MNEMO_LLM_TIMEOUT_MS` (default 3000).
 */

/** LLM categorizer settings, or `null` when not configured. */
export interface CategorizerConfig {
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number | undefined;
}

/**
 * Reads the settings (flags win over env).
 * @example loadCategorizerConfig(process.env, { model: 'llama3.2' })
 */
export function loadCategorizerConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: { baseUrl?: string | undefined; model?: string | undefined } = {},
): CategorizerConfig | null {
  const baseUrl = overrides.baseUrl ?? env.MNEMO_LLM_BASE_URL;
  const model = overrides.model ?? env.MNEMO_LLM_MODEL;
  if (!baseUrl || !model) return null;
  const timeout = Number(env.MNEMO_LLM_TIMEOUT_MS);
  return Object.freeze({ baseUrl, model, apiKey: env.MNEMO_LLM_API_KEY || undefined, timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined });
}
