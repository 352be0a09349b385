/**
 * The dashboard end to end: headless Debian Chromium (playwright-core) against a real
 * `mnemo serve` on a temporary database, doing what a person does: create memories,
 * find one by search, filter by app and category, edit one and see its history, archive
 * it and see it leave the default list, pause an app and see its write refused, and
 * bulk-delete; see recent activity on Home; create, list and revoke an API key and
 * download an export in Settings. Any console error fails the test, except the one a
 * step causes on purpose (the refused write's 403); every endpoint the dashboard calls
 * exists, so a 404 fails it too. Screenshots of every page are saved under
 * test-results/screenshots/.
 *
 * Needs the built bundle (`npm run build` builds `dist/web/`; `npm test` does it first).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, until, watchConsole } from './support/browser.js';
import { startServer, type TestServer } from './support/serve-process.js';

/** The bundle `mnemo serve` serves (built by `vite build --config web/vite.config.ts`). */
const BUNDLE = join(process.cwd(), 'dist', 'web', 'index.html');

const WINDOW_SEATS = 'I prefer window seats on long flights';
const AISLE_SEATS = 'I prefer aisle seats on long flights';
const GREEN_TEA = 'Green tea every morning before work';
const ZEPHYR = 'Project Zephyr ships in March';

describe('dashboard in Chromium against mnemo serve', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchConsole>;

  before(async () => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` (it builds the dashboard into dist/web/) before this test`);
    server = await startServer();
    const res = await fetch(`${server.url}/`);
    const body = await res.text();
    assert.ok(res.ok && body.includes('<div id="root">'),
      `mnemo serve does not serve the dashboard at / (${res.status}: ${body.slice(0, 120)}); webRoutes() must be mounted in src/http/app.ts before the auth middleware`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    watch = watchConsole(page);
  });

  after(async () => {
    if (page) await screenshot(page, 'last-state').catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  /** Opens a page of the dashboard and waits for the API calls to settle. */
  const open = async (path: string) => {
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState('networkidle');
  };
  const rows = () => page.getByTestId('memory-row');
  const rowTexts = async () => (await rows().allInnerTexts()).join('\n');
  const dialog = () => page.getByRole('dialog');

  /** Fills and submits the "New memory" dialog; leaves it open when `expectRefusal`. */
  const createMemory = async (text: string, app: string, category: string, expectRefusal = false) => {
    await page.getByRole('button', { name: 'New memory' }).click();
    await dialog().getByLabel('Content').fill(text);
    await dialog().getByLabel('App').fill(app);
    await dialog().getByLabel('App').press('Tab');
    await dialog().getByLabel('Categories').fill(category);
    await dialog().getByLabel('Categories').press('Enter');
    await dialog().getByRole('button', { name: 'Create' }).click();
    if (expectRefusal) return;
    await dialog().waitFor({ state: 'hidden' });
    await until(async () => (await rowTexts()).includes(text), `"${text}" listed after creating it`);
  };

  it('shows Home with totals and the install panel', async () => {
    await open('/');
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.getByTestId('stat-memories').waitFor();
    assert.equal(await page.getByTestId('stat-memories').innerText(), '0');
    const cursorHttp = async () => {
      await page.getByRole('tab', { name: 'Cursor' }).click();
      return page.getByTestId('mcp-config-cursor').innerText();
    };
    assert.match(await cursorHttp(), new RegExp(`"url": "${server.url}/mcp/cursor/http/`));
    await page.getByText('SSE', { exact: true }).click();
    assert.match(await page.getByTestId('mcp-config-cursor').innerText(), /\/mcp\/cursor\/sse\//);
    await page.getByText('stdio', { exact: true }).click();
    const stdio = JSON.parse(await page.getByTestId('mcp-config-cursor').innerText()) as { mcpServers: { mnemo: { command: string; args: string[] } } };
    assert.equal(stdio.mcpServers.mnemo.command, 'npx');
    assert.deepEqual(stdio.mcpServers.mnemo.args.slice(0, 5), ['-y', 'mnemo-memory', 'mcp', '--db', server.db], 'stdio snippets use the database the server runs on');
    assert.match(await page.getByTestId('mcp-install-cursor').innerText(), /npx -y mnemo-memory --db \S+ --user \S+ install cursor/);
  });

  it('creates memories through the dialog', async () => {
    await open('/memories');
    await createMemory(WINDOW_SEATS, 'cursor', 'travel');
    await createMemory(GREEN_TEA, 'claude', 'food');
    await createMemory(ZEPHYR, 'cursor', 'work');
    assert.equal(await rows().count(), 3);
    await screenshot(page, 'memories');
  });

  it('shows the writes under recent activity on Home', async () => {
    await open('/');
    await page.getByRole('heading', { name: 'Recent activity' }).waitFor();
    // Before any search, the only links to the memories on Home are the activity entries.
    for (const text of [WINDOW_SEATS, GREEN_TEA, ZEPHYR]) await page.getByRole('link', { name: text }).waitFor();
    assert.equal(await page.getByText('Full activity feed').count(), 0, 'the server offers /api/v1/activity');
  });

  it('draws memories over time per app and per category, and what each app read and wrote (issue 13 item 6)', async () => {
    const found = await (await fetch(`${server.url}/api/v1/memories?search_query=Zephyr`)).json() as { items: Array<{ id: string }> };
    assert.equal((await fetch(`${server.url}/api/v1/memories/${found.items[0]!.id}`, { headers: { 'X-Mnemo-App': 'claude' } })).status, 200);
    await open('/');
    const overTime = page.getByTestId('chart-over-time');
    await overTime.getByRole('heading', { name: 'Memories over time by app' }).waitFor();
    const bars = overTime.locator('.recharts-bar-rectangle path');
    await until(async () => (await bars.count()) >= 2, 'stacked bars for today (cursor and claude)');
    const legend = async (chart: typeof overTime) => (await chart.locator('.recharts-legend-wrapper').innerText()).split('\n').map((l) => l.trim()).filter(Boolean).sort();
    assert.deepEqual(await legend(overTime), ['claude', 'cursor']);
    assert.match(await overTime.locator('figcaption').innerText(), /^3 memories created in the last 30 days/);
    await overTime.scrollIntoViewIfNeeded();
    await screenshot(page, 'home-chart-per-app');
    await overTime.getByText('Per category').click();
    await overTime.getByRole('heading', { name: 'Memories over time by category' }).waitFor();
    await until(async () => (await legend(overTime)).join() === 'food,travel,work', 'one series per category');
    assert.ok(await bars.count() >= 3, 'a bar segment per category');
    await screenshot(page, 'home-chart-per-category');

    const rw = page.getByTestId('chart-reads-writes');
    await until(async () => (await rw.locator('.recharts-bar-rectangle path').count()) >= 3, 'reads and writes bars');
    assert.deepEqual(await legend(rw), ['Reads', 'Writes']);
    const labels = await rw.locator('svg text').allTextContents();
    assert.ok(labels.includes('claude') && labels.includes('cursor'), `an axis label per app (${labels.join(', ')})`);
    await rw.scrollIntoViewIfNeeded();
    await screenshot(page, 'home-chart-reads-writes');
    await open('/apps');
    await until(async () => (await page.getByTestId('chart-reads-writes').locator('.recharts-bar-rectangle path').count()) >= 3, 'the reads/writes chart on Apps');
  });

  it('finds a memory by live search on Home and in Memories', async () => {
    await open('/');
    await page.getByLabel('Search all memories').fill('window');
    await until(async () => (await page.getByTestId('search-count').innerText()).startsWith('1 match'), 'one search match on Home');
    await page.getByRole('search').getByRole('link', { name: WINDOW_SEATS }).waitFor();
    await screenshot(page, 'home');

    await open('/memories');
    await page.getByLabel('Search', { exact: true }).fill('Zephyr');
    await until(async () => (await rows().count()) === 1 && (await rowTexts()).includes(ZEPHYR), 'only the Zephyr memory after searching');
    await page.getByLabel('Search', { exact: true }).fill('');
    await until(async () => (await rows().count()) === 3, 'all three memories after clearing the search');
  });

  it('filters by app and by category, and clears the filters in one click', async () => {
    await open('/memories');
    await page.getByRole('combobox', { name: 'App' }).click();
    await page.getByRole('option', { name: 'claude' }).click();
    await until(async () => (await rows().count()) === 1 && (await rowTexts()).includes(GREEN_TEA), 'only claude\'s memory');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await until(async () => (await rows().count()) === 3, 'all memories after clearing');

    await page.getByRole('combobox', { name: 'Categories' }).click();
    await page.getByRole('option', { name: 'work' }).click();
    await page.keyboard.press('Escape');
    await until(async () => (await rows().count()) === 1 && (await rowTexts()).includes(ZEPHYR), 'only the work memory');
    await screenshot(page, 'memories-filtered');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await until(async () => (await rows().count()) === 3, 'all memories after clearing');

    // The date range lives in the URL (the picker writes from/to as local days).
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await open(`/memories?from=${day(new Date())}&to=${day(new Date())}`);
    await until(async () => (await rows().count()) === 3, 'all memories created today');
    await open('/memories?from=2001-01-01&to=2001-12-31');
    await until(async () => (await page.getByTestId('memories-total').innerText()) === '0 memories', 'no memory created in 2001');
  });

  it('works in a narrow window', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await open('/memories');
      await until(async () => (await rows().count()) === 3, 'three memories in a narrow window');
      await screenshot(page, 'memories-narrow');
      await page.getByRole('button', { name: 'Toggle navigation' }).click();
      await page.getByRole('link', { name: 'Apps' }).click();
      await page.getByRole('heading', { name: 'Apps' }).waitFor();
      await open('/');
      await screenshot(page, 'home-narrow');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('edits a memory and shows the change in its history', async () => {
    // An app reads it first: the access log records apps' reads (the user browsing is not logged).
    const found = await (await fetch(`${server.url}/api/v1/memories?search_query=window`)).json() as { items: Array<{ id: string }> };
    assert.equal((await fetch(`${server.url}/api/v1/memories/${found.items[0]!.id}`, { headers: { 'X-Mnemo-App': 'cursor' } })).status, 200);
    // A mem0 client gives feedback on it (issue 16): shown on the memory's page.
    const fb = await fetch(`${server.url}/v1/feedback/`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Token any-value' }, body: JSON.stringify({ memory_id: found.items[0]!.id, feedback: 'NEGATIVE', feedback_reason: 'seat preference changed' }) });
    assert.equal(fb.status, 200);
    await open('/memories');
    await page.getByRole('link', { name: WINDOW_SEATS }).click();
    await page.getByTestId('memory-content').waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await dialog().getByLabel('Content').fill(AISLE_SEATS);
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await until(async () => (await page.getByTestId('memory-content').innerText()) === AISLE_SEATS, 'the new text on the detail page');
    const history = page.getByTestId('history');
    await until(async () => {
      const text = await history.innerText();
      return text.includes('Content edited') && text.includes(WINDOW_SEATS) && text.includes(AISLE_SEATS);
    }, 'old and new text in the history');
    await page.getByRole('tab', { name: 'Access log' }).click();
    const log = page.getByTestId('access-log');
    await log.waitFor();
    assert.match(await log.innerText(), /cursor/);
    await page.getByRole('tab', { name: 'Feedback' }).click();
    const feedback = page.getByTestId('feedback');
    await feedback.waitFor();
    assert.match(await feedback.innerText(), /Negative[\s\S]*seat preference changed/);
    await page.getByRole('tab', { name: 'History' }).click();
    await screenshot(page, 'memory-detail');
  });

  it('archives a memory, which leaves the default list', async () => {
    await page.getByText('Archived', { exact: true }).click();
    await until(async () => (await page.locator('.mantine-Badge-root', { hasText: 'archived' }).count()) > 0, 'the archived badge');
    await open('/memories');
    await until(async () => (await rows().count()) === 2 && !(await rowTexts()).includes(AISLE_SEATS), 'the archived memory gone from the default list');
    await page.getByRole('combobox', { name: 'States' }).click();
    await page.getByRole('option', { name: 'archived' }).click();
    await page.keyboard.press('Escape');
    await until(async () => (await rows().count()) === 1 && (await rowTexts()).includes(AISLE_SEATS), 'the archived memory under the archived filter');
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('pauses an app, whose writes are then refused with a visible error', async () => {
    await open('/apps');
    await page.getByRole('button', { name: 'Pause cursor' }).click();
    await page.getByRole('button', { name: 'Resume cursor' }).waitFor();
    await screenshot(page, 'apps');
    await open('/apps/cursor');
    await page.getByText('Paused: its writes are refused').waitFor();
    await screenshot(page, 'app-detail');

    watch.allow({ text: /status of 403/, url: /\/api\/v1\/memories$/ });
    await open('/memories');
    await createMemory('Written by a paused app', 'cursor', 'work', true);
    const alert = dialog().getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /FORBIDDEN/);
    await screenshot(page, 'paused-app-write-refused');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    const listed = await (await fetch(`${server.url}/api/v1/memories?search_query=paused`)).json() as { total: number };
    assert.equal(listed.total, 0, 'nothing stored for the paused app');
  });

  it('bulk-deletes the selected memories', async () => {
    await open('/memories');
    await until(async () => (await rows().count()) === 2, 'two memories listed');
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete' }).click();
    await dialog().getByRole('button', { name: 'Delete' }).click();
    await until(async () => (await rows().count()) === 0, 'no memory left in the default list');
    assert.match(await page.getByTestId('memories-total').innerText(), /^0 memories$/);
    const res = await (await fetch(`${server.url}/api/v1/memories?show_archived=true`)).json() as { total: number };
    assert.equal(res.total, 1, 'only the archived memory is left');
  });

  it('shows Settings and moves focus with the keyboard', async () => {
    await open('/settings');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByText('Authentication').waitFor();
    await page.getByText('sqlite, schema v').waitFor();
    await screenshot(page, 'settings');

    await open('/');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  });

  it('creates an API key in Settings, lists it and revokes it', async () => {
    await open('/settings');
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByLabel('Name', { exact: true }).fill('e2e-laptop');
    await keys.getByRole('button', { name: 'Create key' }).click();
    const token = (await keys.getByRole('alert').locator('code').innerText()).trim();
    assert.match(token, /^mnemo_[0-9a-f]{12}_/);
    const row = keys.getByRole('row', { name: /e2e-laptop/ });
    await row.waitFor();
    const id = token.split('_')[1]!;
    await screenshot(page, 'settings-key-created');
    await keys.getByRole('button', { name: `Revoke key ${id}` }).click();
    await dialog().getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    const listed = await (await fetch(`${server.url}/api/v1/keys`)).json() as { keys: Array<{ id: string; revoked_at: number | null }> };
    assert.ok(listed.keys.find((k) => k.id === id)?.revoked_at, 'the key is revoked on the server');
  });

  it('downloads an export of the user\'s memories as JSON', async () => {
    await open('/settings');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download all my memories (JSON)' }).click(),
    ]);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as { version: number; memories: Array<{ content: string; state: string }> };
    assert.equal(file.version, 2, 'the dashboard downloads the v2 envelope (with history)');
    assert.deepEqual(file.memories.map((m) => [m.content, m.state]), [[AISLE_SEATS, 'archived']]);
    assert.equal(await page.getByTestId('export-done').innerText(), 'Exported 1 memory.', 'the count is shown when the export is done');
  });

  it('imports a peer\'s file in Settings: dry run first, then for real, with counts and reasons', async () => {
    await open('/settings');
    const jsonl = join(process.cwd(), 'test', 'fixtures', 'import', 'mcp-memory.jsonl');
    await page.locator('input[type="file"]').setInputFiles(jsonl);
    await page.getByLabel('Dry run (change nothing)').check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByTestId('import-report');
    await until(async () => /mcp-memory: would import 0, skipped 1, failed 3; knowledge graph in the file: 3 entities, 1 relation/.test(await report.innerText()), 'the dry-run report');
    assert.match(await report.innerText(), /failed line 4/);
    const entities = async () => ((await (await fetch(`${server.url}/api/v1/entities`)).json()) as { total: number }).total;
    const before = await entities();
    await page.getByLabel('Dry run (change nothing)').uncheck();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await until(async () => /mcp-memory: imported 0, skipped 1, failed 3; knowledge graph: 3 entities, 4 observations, 1 relation added/.test(await report.innerText()), 'the import report');
    assert.equal(await entities(), before + 3, 'the entities are in the knowledge graph');
  });

  it('logged no console errors', () => {
    assert.deepEqual(watch.problems(), []);
  });
});
