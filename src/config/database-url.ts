/**
 * Database locations: a SQLite file path or a PostgreSQL connection URL
 * (`postgres://` / `postgresql://`). Pure string helpers, no I/O, so every layer (config,
 * composition, CLI output) can tell the two apart and show a URL without its password.
 */

/**
 * Whether `value` names a PostgreSQL database.
 * @example isPostgresUrl('postgres://me@db/mnemo') // true
 */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/**
 * `location` fit to print: a URL's password becomes `***`; a file path is unchanged.
 * @example redactUrl('postgres://me:secret@db/x') // 'postgres://me:***@db/x'
 */
export function redactUrl(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const u = new URL(location);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/^(password|sslpassword|sslkey)$/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return location.replace(/:\/\/([^:/@]*):[^@]*@/, '://$1:***@');
  }
}
