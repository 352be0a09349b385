/**
 * Auto-linking, LLM-free: a new memory is linked to every existing entity of its user
 * whose name or alias it mentions, and to the entity named by its speaker metadata. New
 * entities are never invented here.
 *
 * Matching: texts and names are folded as `normalizeName` (NFKD, marks removed, lower
 * case) and split into words (runs of letters and digits), so matches respect word
 * boundaries ("Ann" does not match "Anna" or "planning") and ignore case and accents
 * ("Zoe" matches "Zoë"). At each word the longest name starting there wins, so "John
 * Smith" does not also link an entity "John". Cost per memory: O(words x names sharing
 * a first word). The user's name index is built once (O(names)) and kept in memory
 * until the store's names version for the user changes (any process creating,
 * renaming or deleting an entity bumps it), so an `add` does not reload every name.
 */
import { type MemoryEntityLink, normalizeName, type LinkReason } from '../../core/graph.js';
import type { Metadata } from '../../core/memory.js';
import type { GraphStore } from '../../storage/graph-store.js';

/** Metadata keys naming who said a memory (LoCoMo `speaker`; mem0 message `name`). */
export const SPEAKER_KEYS = ['speaker', 'name'] as const;

/** Words of a text, folded. */
export function words(text: string): string[] {
  return normalizeName(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Names of a user's entities indexed by their first word. */
export class NameIndex {
  private readonly byFirst = new Map<string, Array<{ words: string[]; entityId: string; reason: 'name' | 'alias' }>>();
  private readonly exact = new Map<string, string>();

  constructor(entities: Array<{ id: string; name: string; aliases: string[] }>) {
    for (const e of entities) {
      for (const [text, reason] of [[e.name, 'name'] as const, ...e.aliases.map((a) => [a, 'alias'] as const)]) {
        const w = words(text);
        if (w.length === 0) continue;
        const list = this.byFirst.get(w[0]!) ?? [];
        list.push({ words: w, entityId: e.id, reason });
        this.byFirst.set(w[0]!, list);
        if (!this.exact.has(w.join(' '))) this.exact.set(w.join(' '), e.id);
      }
    }
  }

  /** The entity whose name or alias is exactly `name` (folded), if any. */
  lookup(name: string): string | undefined {
    return this.exact.get(words(name).join(' '));
  }

  /** Entities mentioned in `text` with how (name before alias for one entity). */
  mentions(text: string): Map<string, 'name' | 'alias'> {
    const w = words(text);
    const found = new Map<string, 'name' | 'alias'>();
    for (let i = 0; i < w.length;) {
      let best: { words: string[]; entityId: string; reason: 'name' | 'alias' } | undefined;
      for (const c of this.byFirst.get(w[i]!) ?? []) {
        if (c.words.length > (best?.words.length ?? 0) && c.words.every((x, k) => w[i + k] === x)) best = c;
      }
      if (!best) { i++; continue; }
      for (const c of this.byFirst.get(w[i]!) ?? []) {
        if (c.words.length === best.words.length && c.words.every((x, k) => w[i + k] === x) && found.get(c.entityId) !== 'name') found.set(c.entityId, c.reason);
      }
      i += best.words.length;
    }
    return found;
  }
}

/** Name indexes per store and user, with the names version they were built at. */
const CACHE = new WeakMap<GraphStore, Map<string, { version: number; index: NameIndex | null }>>();
/** Users whose index one store keeps (least recently built dropped first). */
const CACHED_USERS = 64;

/** The user's name index, rebuilt only when the store's names version moved; `null` when the user has no entity. */
async function nameIndex(graph: GraphStore, userId: string): Promise<NameIndex | null> {
  const version = await graph.namesVersion(userId);
  let perUser = CACHE.get(graph);
  if (!perUser) { perUser = new Map(); CACHE.set(graph, perUser); }
  const hit = perUser.get(userId);
  if (hit && hit.version === version) return hit.index;
  const entities = await graph.entityNames(userId);
  const index = entities.length === 0 ? null : new NameIndex(entities);
  perUser.delete(userId);
  perUser.set(userId, { version, index });
  if (perUser.size > CACHED_USERS) perUser.delete(perUser.keys().next().value!);
  return index;
}

/**
 * Links new memories of one user to the entities they mention or whose speaker they are.
 * @returns the links stored (an existing pair is kept as it was).
 */
export async function autoLink(
  graph: GraphStore,
  userId: string,
  memories: Array<{ id: string; content: string; metadata: Metadata }>,
  now: number,
): Promise<MemoryEntityLink[]> {
  if (memories.length === 0) return [];
  const index = await nameIndex(graph, userId);
  if (!index) return [];
  const links: MemoryEntityLink[] = [];
  for (const m of memories) {
    const reasons = new Map<string, LinkReason>();
    for (const key of SPEAKER_KEYS) {
      const who = m.metadata[key];
      const id = typeof who === 'string' ? index.lookup(who) : undefined;
      if (id) reasons.set(id, 'speaker');
    }
    for (const [id, reason] of index.mentions(m.content)) if (!reasons.has(id)) reasons.set(id, reason);
    for (const [entityId, reason] of reasons) links.push({ memoryId: m.id, entityId, userId, reason, createdAt: now });
  }
  await graph.link(links);
  return links;
}
