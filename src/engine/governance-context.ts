/**
 * What the engine's governance helpers (apps, access rules, API keys) share with the
 * {@link Memory} that owns them: lazy access to the opened store and the clock.
 */
import type { Clock } from '../core/clock.js';
import type { MemoryStore } from '../storage/store.js';

/** Handed by `Memory` to `Apps`, `AccessRules` and `ApiKeys`. */
export interface GovernanceContext {
  /** The opened store (opens it on first use). @throws MnemoError UNAVAILABLE */
  store(): Promise<MemoryStore>;
  clock: Clock;
}
