/**
 * The first run's notice: when the database file does not exist yet, `mnemo mcp` and
 * `mnemo serve` say (on stderr) where it will be created and how to choose another, so
 * a user started through `npx` or a client config knows where their memories live.
 */
import { existsSync } from 'node:fs';

/** True when `db` is a file path that does not exist yet (`:memory:` is never new). */
export function isNewDatabase(db: string): boolean {
  return db !== ':memory:' && !existsSync(db);
}

/** The notice line for a new database at `db`, prefixed by the command. */
export function newDatabaseNotice(command: string, db: string): string {
  return `${command}: first run: creating a new database at ${db} (choose another with --db <file> or MNEMO_DB)\n`;
}
