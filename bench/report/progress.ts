/**
 * A one-line progress counter on stderr (`label 120/788`), redrawn in place when stderr
 * is a terminal and silent otherwise, so logs and piped output stay clean.
 */

/** Reports `done` of `total` steps. Call with `done === total` to finish the line. */
export type Progress = (done: number, total: number) => void;

/** Creates a progress reporter labelled `label`. */
export function progress(label: string): Progress {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return (done, total) => {
    if (!tty) return;
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    process.stderr.write(`\r${label} ${done}/${total}${done >= total ? '\n' : ''}`);
  };
}
