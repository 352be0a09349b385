/**
 * Where the benchmark finds things: the project root (the nearest folder above this
 * module holding `package.json`, so it works from `bench/` and from `dist/bench/`),
 * the results folder, the peers' separate install folder and the built CLI.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the first folder above this module that holds a `package.json`.
 * @throws Error when none is found within 6 levels.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`cannot find the project root above ${fileURLToPath(import.meta.url)}`);
}

/** Default folder of result files and plots: `<root>/bench/results`. */
export function defaultResultsDir(): string {
  return resolve(projectRoot(), 'bench', 'results');
}

/** The peers' install folder, `<root>/bench/peers` (its own package.json and node_modules). */
export function peersDir(): string {
  return resolve(projectRoot(), 'bench', 'peers');
}

/** The built CLI entry point, `<root>/dist/src/cli/main.js` (exists after `npm run build`). */
export function cliPath(): string {
  return resolve(projectRoot(), 'dist', 'src', 'cli', 'main.js');
}
