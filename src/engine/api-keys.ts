/**
 * API keys of the HTTP server. A token is `mnemo_<id>_<secret>` (id: 12 hex chars,
 * public; secret: 32 random bytes, base64url); only its SHA-256 hex is stored, so a
 * leaked database does not leak usable keys. The token is shown once, at creation.
 *
 * Failure contract: `verify` never throws for a bad token; it returns `null`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { MnemoError } from '../core/errors.js';
import type { ApiKeyRecord } from '../core/governance.js';
import type { GovernanceContext } from './governance-context.js';
import { AppNameSchema, parseInput, UserIdSchema } from './inputs.js';

/** Longest token accepted by `verify`; anything longer is not a mnemo token. */
const MAX_TOKEN_CHARS = 256;

/** SHA-256 hex of a token, the form keys are stored and looked up in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Creates, verifies, lists and revokes keys (reach it as `memory.keys`).
 * @example const { token } = await memory.keys.create('alice', { app: 'cursor' }); // show once
 */
export class ApiKeys {
  constructor(private readonly ctx: GovernanceContext) {}

  /**
   * Creates a key for `userId`, optionally bound to an app (requests with it act as that app).
   * With `project: true` the key is a project key: it acts for any user a request names
   * (mem0's keys belong to a project; `userId` records who created it).
   * @returns the token (the only time it is available) and the key's record.
   */
  async create(userId: string, options: { app?: string | undefined; name?: string | undefined; project?: boolean | undefined } = {}): Promise<{ token: string; key: ApiKeyRecord }> {
    const user = parseInput(UserIdSchema, userId, 'userId');
    const app = options.app === undefined ? null : parseInput(AppNameSchema, options.app, 'app');
    const id = randomBytes(6).toString('hex');
    const token = `mnemo_${id}_${randomBytes(32).toString('base64url')}`;
    const store = await this.ctx.store();
    const key = await store.governance.createKey({ id, hash: hashToken(token), userId: user, app, name: options.name ?? null, at: this.ctx.clock.now(), kind: options.project ? 'project' : 'user' });
    return { token, key };
  }

  /** The live key of `token`, or `null` (unknown, revoked, malformed). */
  async verify(token: string): Promise<ApiKeyRecord | null> {
    if (token.length === 0 || token.length > MAX_TOKEN_CHARS) return null;
    const store = await this.ctx.store();
    return store.governance.useKey(hashToken(token), this.ctx.clock.now());
  }

  /** Keys (never tokens), newest first; one user's when given. */
  async list(userId?: string): Promise<ApiKeyRecord[]> {
    const store = await this.ctx.store();
    return store.governance.listKeys(userId === undefined ? undefined : parseInput(UserIdSchema, userId, 'userId'));
  }

  /**
   * Revokes a key by id; with `userId`, only a key of that user (another user's key is
   * NOT_FOUND, so ids do not leak across users).
   * @throws MnemoError NOT_FOUND when no live key (of that user) has this id.
   */
  async revoke(id: string, options: { userId?: string | undefined } = {}): Promise<void> {
    const user = options.userId === undefined ? undefined : parseInput(UserIdSchema, options.userId, 'userId');
    const store = await this.ctx.store();
    if (!(await store.governance.revokeKey(id, this.ctx.clock.now(), user))) throw new MnemoError('NOT_FOUND', `API key ${id} not found or already revoked`);
  }
}
