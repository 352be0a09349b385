/**
 * Maps a store's storage faults to the contract's error: any rejection (or throw) of a
 * store or governance method that is not already a `MnemoError` — a driver error, a
 * constraint violation, a full disk, a busy lock past its timeout — becomes
 * `MnemoError('INTERNAL')` with the original as `cause`, so every edge (HTTP 500, MCP
 * tool error, CLI exit code) handles storage faults one way. Backend-neutral: wrap any
 * `MemoryStore` at its factory.
 */
import { MnemoError } from '../core/errors.js';

function toInternal(error: unknown): unknown {
  if (error instanceof MnemoError) return error;
  return new MnemoError('INTERNAL', `storage failure: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

/**
 * `target` with every method (and those of its `governance` and `platform` objects) mapping foreign
 * errors to `MnemoError('INTERNAL')`. Properties and `this` are unchanged.
 * @example return mapStorageFaults(new SqliteStore(db, path, capabilities));
 */
export function mapStorageFaults<T extends object>(target: T): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown;
      if ((key === 'governance' || key === 'platform') && typeof value === 'object' && value !== null) {
        if (!wrapped.has(key)) wrapped.set(key, mapStorageFaults(value));
        return wrapped.get(key);
      }
      if (typeof value !== 'function' || key === 'constructor') return value;
      if (!wrapped.has(key)) {
        const fn = value as (...args: unknown[]) => unknown;
        wrapped.set(key, function (this: unknown, ...args: unknown[]) {
          try {
            const result = fn.apply(obj, args);
            return result instanceof Promise ? result.catch((e: unknown) => { throw toInternal(e); }) : result;
          } catch (error) {
            throw toInternal(error);
          }
        });
      }
      return wrapped.get(key);
    },
  });
}
