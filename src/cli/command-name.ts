/**
 * Finding the command word in `mnemo`'s arguments without loading the CLI: main.ts uses
 * it to pick the program to load, program.ts to register only `mcp` for `mnemo mcp`.
 */

/** Global options that take a value (their value is not the command name). */
const VALUE_OPTIONS = new Set(['--db', '--database-url', '--user', '--db-key-file', '--embeddings', '--model', '--base-url']);

/**
 * The command named in `args` (argv without node and script): the first word that is
 * neither a global option nor a global option's value; `undefined` when there is none.
 */
export function commandName(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
