/**
 * Memory events: what the engine changed, told to listeners after the change committed
 * (webhooks deliver them; see webhooks.ts). Listeners run synchronously in `emit` and
 * must not block: start async work and return. A listener that throws is reported to
 * `onError` and never fails the write that emitted the event.
 */
import type { AddEvent } from './search-types.js';

/** One memory touched: an add event, or a delete. */
export type MemoryChange = AddEvent | { id: string; memory: string; event: 'DELETE' };

/** One committed change of one user's memories. */
export interface MemoryEvent {
  kind: 'add' | 'update' | 'delete';
  userId: string;
  /** The writing app, or `null`. */
  app: string | null;
  /** One entry per memory touched (`memory` is empty for deletes). `NONE` entries are no-ops. */
  changes: MemoryChange[];
}

/** A listener of {@link MemoryEvents}. */
export type MemoryEventListener = (event: MemoryEvent) => void;

/**
 * The engine's event hub (reach it as `memory.events`).
 * @example const off = memory.events.on((e) => console.log(e.kind, e.changes.length)); off();
 */
export class MemoryEvents {
  private readonly listeners = new Set<MemoryEventListener>();

  /** @param onError where a throwing listener is reported. @default console.error */
  constructor(private readonly onError: (error: unknown) => void = (e) => console.error('memory event listener failed', e)) {}

  /** Adds a listener. @returns a function removing it. */
  on(listener: MemoryEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener; events without a real change (all `NONE`, or none) are dropped. */
  emit(event: MemoryEvent): void {
    if (!event.changes.some((c) => c.event !== 'NONE')) return;
    for (const l of this.listeners) {
      try { l(event); } catch (error) { this.onError(error); }
    }
  }
}
