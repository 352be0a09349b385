/**
 * Test support for the dashboard's browser tests: Debian's Chromium driven by
 * `playwright-core` (no browser download), a watch that fails the test on any console
 * error or uncaught page error (except ones a step declares expected), screenshots
 * under `test-results/screenshots/`, and a polling wait (playwright-core has no `expect`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's `chromium` package; CI installs it (`apt-get install chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where screenshots go (gitignored with the rest of test-results/). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/** Headless, no sandbox (root in CI containers), and nothing that phones home. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Launches Chromium; throws a clear error when it is not installed.
 * @param extraArgs more switches, e.g. `--host-resolver-rules=MAP evil.test 127.0.0.1`
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install it with \`apt-get install -y chromium\``);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...ARGS, ...extraArgs] });
}

/** One console error, or an uncaught exception of the page. */
export interface PageProblem {
  text: string;
  url: string;
}

/** A rule for problems a step expects, e.g. the 403 of a paused app's write. */
export interface Allowed {
  /** Matches the message text. */
  text: RegExp;
  /** Matches the resource URL (for failed loads), when given. */
  url?: RegExp;
}

/**
 * Collects console errors and page errors of `page`. `problems()` lists those not
 * matched by an allowance; a test ends with `assert.deepEqual(watch.problems(), [])`.
 */
export function watchConsole(page: Page, allowed: Allowed[] = []) {
  const seen: PageProblem[] = [];
  const rules = [...allowed];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') seen.push({ text: m.text(), url: m.location().url });
  });
  page.on('pageerror', (e) => seen.push({ text: `uncaught: ${e.message}`, url: '' }));
  return {
    /** Allows problems matching `rule` from now on (and for what was already seen). */
    allow(rule: Allowed) { rules.push(rule); },
    problems: (): PageProblem[] => seen.filter((p) => !rules.some((r) => r.text.test(p.text) && (r.url === undefined || r.url.test(p.url)))),
  };
}

/** Saves a full-page screenshot as `<name>.png`; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Polls `check` until it returns true.
 * @throws Error with `message` (and the last value seen) after `timeoutMs`.
 */
export async function until(check: () => Promise<boolean>, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
