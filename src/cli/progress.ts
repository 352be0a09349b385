/**
 * Progress bars of long CLI commands (`import`, `export`, `reindex`) on stderr, so stdout
 * stays the command's result. Shown when stderr is a terminal and `--json` is not given;
 * `--progress` forces it (also off a terminal, one line per update), `--no-progress`
 * hides it.
 */
import cliProgress from 'cli-progress';

/** A bar that starts on its first update; `stop()` is safe when it never started. */
export interface Progress {
  /** `done` of `total` units so far (the total may grow). */
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * Whether to draw progress: `flag` is commander's `--progress`/`--no-progress` value
 * (`undefined` when neither was given); otherwise only on a terminal without `--json`.
 */
export function wantsProgress(flag: boolean | undefined, json: boolean, stream: NodeJS.WriteStream = process.stderr): boolean {
  return flag ?? (!json && stream.isTTY === true);
}

/**
 * A progress bar labelled `label` counting `unit` (e.g. `memories`) on stderr, or a no-op
 * when `enabled` is false.
 * @example const bar = progressBar('import', 'memories', true); bar.update(50, 200); bar.stop();
 */
export function progressBar(label: string, unit: string, enabled: boolean): Progress {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar({
    stream: process.stderr, format: `${label} [{bar}] {value}/{total} ${unit} | {eta_formatted} left`,
    // Forced off a terminal: print a line per update at most every 200 ms (the default is 2 s).
    noTTYOutput: true, notTTYSchedule: 200,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) { bar.start(total, done); started = true; return; }
      if (total !== bar.getTotal()) bar.setTotal(total);
      bar.update(done);
    },
    stop() { if (started) bar.stop(); },
  };
}
