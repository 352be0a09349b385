/**
 * The dashboard finds what a person means (issue 13): with the offline embedder
 * (USE-lite) on, Home's "Search all memories" and the Memories page search go through
 * mnemo's ranked hybrid search (`GET /api/v1/memories/search`), so questions in other
 * words find their memories, each with a readable score and the matched words marked;
 * the allergy memory's related memories leave out the billing memory (relevance floor).
 * Then screenshots of every page, desktop and 390 px, light and dark, are saved under
 * test-results/screenshots/ (`<page>-<width>-<scheme>.png`).
 *
 * Needs the built bundle (`npm run build`; `npm test` does it first).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, until, watchConsole } from './support/browser.js';
import { startServer, type TestServer } from './support/serve-process.js';

const BUNDLE = join(process.cwd(), 'dist', 'web', 'index.html');

const WINDOW_SEATS = 'I prefer window seats on long flights';
const ALLERGY = 'My daughter is allergic to peanuts';
const BILLING = 'Our billing service runs on PostgreSQL 16';
const OTHERS = ['Deploys happen on Tuesdays and Thursdays only', 'Green tea every morning before work', 'My sister lives in Lisbon'];

describe('dashboard search in Chromium against mnemo serve with local embeddings', { timeout: 240_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchConsole>;
  const ids = new Map<string, string>();

  before(async () => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` first`);
    server = await startServer([], { embeddings: 'local' });
    for (const [text, app] of [[WINDOW_SEATS, 'cursor'], [ALLERGY, 'claude'], [BILLING, 'cursor'], ...OTHERS.map((t) => [t, 'claude'])] as const) {
      const res = await fetch(`${server.url}/api/v1/memories`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, app }) });
      const body = await res.text();
      assert.equal(res.status, 201, body);
      ids.set(text, (JSON.parse(body) as { id: string }).id);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    watch = watchConsole(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (path: string) => {
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState('networkidle');
  };

  it('answers a question in other words from Home, best first with a score', async () => {
    await open('/');
    await page.getByLabel('Search all memories').fill('where do I like to sit on a plane');
    const hits = page.getByRole('search').getByRole('listitem');
    await until(async () => (await hits.count()) > 0 && (await hits.first().innerText()).includes(WINDOW_SEATS), 'the window-seat memory first on Home');
    assert.match(await hits.first().getByTestId('search-score').innerText(), /^\d{1,3}% match$/);
    assert.match(await page.getByTestId('search-count').innerText(), /^\d+ match(es)?, best first$/);
    await screenshot(page, 'home-search');
  });

  it('answers a question in other words on the Memories page, ranked, with the matched words marked', async () => {
    await open('/memories');
    await page.getByLabel('Search', { exact: true }).fill('what food is dangerous for my kid');
    const rows = page.getByTestId('memory-row');
    await until(async () => (await rows.count()) > 0 && (await rows.first().innerText()).includes(ALLERGY), 'the allergy memory first on Memories');
    assert.match(await rows.first().getByTestId('search-score').innerText(), /% match$/);
    assert.match(await page.getByTestId('memories-total').innerText(), /found, best first$/);
    assert.ok(!(await page.getByTestId('memories-table').innerText()).includes(BILLING), 'the billing memory is not listed for a question about food');
    await screenshot(page, 'memories-search');

    // The substring filter stays one click away, and finds nothing for a question.
    await page.getByText('Contains', { exact: true }).click();
    await until(async () => (await rows.count()) === 0, 'no substring match for the question');
    await page.getByText('Ranked', { exact: true }).click();
    await until(async () => (await rows.count()) > 0, 'ranked again');

    // Matched words are marked.
    await page.getByLabel('Search', { exact: true }).fill('billing');
    await until(async () => (await rows.first().locator('mark').allInnerTexts()).includes('billing'), 'the word "billing" marked');
  });

  it('lists related memories of the allergy memory without the billing memory', async () => {
    await open(`/memories/${ids.get(ALLERGY)}`);
    await page.getByRole('tab', { name: 'Related' }).click();
    const similar = page.getByTestId('related-similar');
    await similar.waitFor();
    await until(async () => !(await similar.innerText()).includes('Loading'), 'related loaded');
    assert.ok(!(await similar.innerText()).includes(BILLING), `billing listed as similar to the allergy: ${await similar.innerText()}`);
    await screenshot(page, 'memory-related');
  });

  it('fixes the rough edges a new user saw (issue 13)', async () => {
    // Settings showed "Vector index ok ([object Object])".
    await open('/settings');
    await page.getByText('Vector index').waitFor();
    await until(async () => /ok \(local:[^,]+, 512 dimensions\)/.test(await page.locator('main').innerText()), 'the vector space in words');
    // The Apps table mixed "—" and "never" for apps that never read.
    await open('/apps');
    const table = page.getByTestId('apps-table');
    await table.waitFor();
    assert.ok(!(await table.innerText()).includes('—'), await table.innerText());
    assert.match(await page.locator('main').innerText(), /\b2 apps\b/);
    // Toasts covered the theme toggle.
    await open('/memories');
    await page.getByRole('button', { name: /^Actions for/ }).first().click();
    await page.getByRole('menuitem', { name: 'Copy text' }).click();
    const toast = page.locator('.mantine-Notification-root').first();
    await toast.waitFor();
    const [a, b] = [await toast.boundingBox(), await page.getByRole('button', { name: /^Switch to/ }).boundingBox()];
    assert.ok(a && b && (a.y >= b.y + b.height || a.x >= b.x + b.width || a.x + a.width <= b.x), `toast ${JSON.stringify(a)} covers the toggle ${JSON.stringify(b)}`);
    // Activity badges were cut off at 390 px ("UPD…", "A…").
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await open('/');
      await page.getByRole('heading', { name: 'Recent activity' }).waitFor();
      await until(async () => (await page.locator('li .mantine-Badge-root').count()) > 0, 'activity badges');
      const clipped = await page.locator('li .mantine-Badge-root').evaluateAll((els) => els.filter((e) => {
        const label = e.querySelector('.mantine-Badge-label') ?? e;
        return label.scrollWidth > label.clientWidth + 1;
      }).map((e) => e.textContent));
      assert.deepEqual(clipped, []);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('with --auth, asks for a key without red "Could not load" panels behind the prompt', async () => {
    const authed = await startServer(['--auth']);
    const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await other.goto(`${authed.url}/`);
      await other.getByRole('dialog', { name: 'This server needs an API key' }).waitFor();
      await other.waitForLoadState('networkidle');
      const alarms = await other.getByRole('alert').allInnerTexts();
      assert.deepEqual(alarms.filter((t) => /Could not load/.test(t)), []);
      await screenshot(other, 'auth-prompt');
    } finally {
      await other.close();
      await authed.stop();
    }
  });

  it('saves screenshots of every page: desktop and 390 px, light and dark', async () => {
    const pages: Array<[string, string, string]> = [
      ['home', '/', 'Home'], ['memories', '/memories', 'Memories'], ['memory', `/memories/${ids.get(WINDOW_SEATS)}`, ''],
      ['apps', '/apps', 'Apps'], ['app', '/apps/cursor', 'cursor'], ['entities', '/entities', ''],
      ['contradictions', '/contradictions', ''], ['settings', '/settings', 'Settings'], ['not-found', '/no-such-page', ''],
    ];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        for (const [name, path, heading] of pages) {
          await open(path);
          if (heading) await page.getByRole('heading', { name: heading }).first().waitFor();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 1, `${name} at ${width} px is ${overflow} px wider than the window`);
          const text = await page.locator('body').innerText();
          assert.doesNotMatch(text, /\b1 (apps|memories|matches|users)\b|\[object Object\]/, `${name}: wrong plural or an unprinted object`);
          await screenshot(page, `${name}-${width}-${scheme}`);
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logged no console errors', () => {
    assert.deepEqual(watch.problems(), []);
  });
});
