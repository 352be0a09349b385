/**
 * Must-show 6 of issue 17: the dashboard's graph pages in headless Chromium against a
 * real `mnemo serve`: the Entities list, an entity's detail with the timeline of its
 * facts and their validity intervals (a superseded fact closed at the newer one's
 * valid_at), the graph picture drawn by Cytoscape.js (nodes and edges rendered on its
 * canvas), and a contradiction resolved through the Contradictions queue. Any console
 * error fails the test. Screenshots go to test-results/screenshots/.
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

describe('graph pages of the dashboard in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchConsole>;
  let alice = '';

  const post = async (path: string, body: unknown): Promise<any> => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
    return res.json();
  };
  const open = async (path: string) => {
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState('networkidle');
  };

  before(async () => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` first`);
    server = await startServer();
    const created = await post('/api/v1/entities', { entities: [
      { name: 'Alice', type: 'person', aliases: ['Ali'] }, { name: 'Acme', type: 'company' }, { name: 'Globex', type: 'company' }, { name: 'Bob', type: 'person' },
    ] });
    alice = created.created[0].id;
    await post(`/api/v1/entities/${alice}/observations`, { observations: [{ content: 'lives in Berlin', predicate: 'lives_in', valid_at: '2024-01-10' }] });
    await post(`/api/v1/entities/${alice}/observations`, { observations: [{ content: 'lives in Hamburg', predicate: 'lives_in', valid_at: '2024-06-01' }] });
    await post(`/api/v1/entities/${alice}/observations`, { observations: [{ content: 'Alice is allergic to peanuts', valid_at: '2023-05-01' }] });
    await post(`/api/v1/entities/${alice}/observations`, { observations: [{ content: 'Alice is not allergic to peanuts', valid_at: '2024-02-01' }] });
    await post('/api/v1/relations', { relations: [
      { from: 'Alice', to: 'Acme', type: 'works_at', valid_at: '2023-01-01', exclusive: true },
      { from: 'Alice', to: 'Globex', type: 'works_at', valid_at: '2024-09-01', exclusive: true },
      { from: 'Alice', to: 'Bob', type: 'knows' },
    ] });
    await post('/api/v1/memories', { text: 'Ali met Bob for lunch' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(15_000);
    watch = watchConsole(page);
  });

  after(async () => {
    if (page) await screenshot(page, 'graph-last-state').catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('lists entities and draws the graph picture', async () => {
    await open('/entities');
    await page.getByRole('heading', { name: 'Entities' }).waitFor();
    const table = page.getByTestId('entities-table');
    await table.getByRole('link', { name: 'Alice' }).waitFor();
    assert.match(await table.innerText(), /Alice\s+person\s+Ali\s+1/i, "Alice, her alias and one linked memory");
    const picture = page.getByTestId('graph-picture');
    await until(async () => (await picture.getAttribute('data-ready')) === 'true', 'Cytoscape drew the graph');
    assert.equal(await picture.getAttribute('data-nodes'), '4');
    assert.equal(await picture.getAttribute('data-edges'), '2', 'now: works_at Globex and knows Bob');
    assert.ok(await picture.locator('canvas').count() > 0, 'drawn on canvas');
    await page.getByTestId('graph-as-of').fill('2024-03-01');
    // In March 2024 Alice worked at Acme, and "knows Bob" was not yet stated as true.
    await until(async () => (await page.getByRole('img', { name: /4 entities and 1 relations/ }).count()) === 1 && (await picture.getAttribute('data-edges')) === '1', 'graph as of March 2024');
    await screenshot(page, 'graph-entities');
  });

  it('shows an entity with the timeline of its facts and their validity intervals', async () => {
    await page.getByTestId('entities-table').getByRole('link', { name: 'Alice' }).click();
    await page.getByRole('heading', { name: 'Alice' }).waitFor();
    const timeline = page.getByTestId('timeline').first();
    await timeline.waitFor();
    const text = await timeline.innerText();
    assert.match(text, /lives in Berlin \(lives_in\)\s+2024-01-10 → 2024-06-01/);
    assert.match(text, /lives in Hamburg \(lives_in\)\s+2024-06-01 → now/);
    assert.equal(await timeline.locator('[data-testid="timeline-row"][data-open="false"]').count(), 1, 'one superseded fact');
    const facts = await page.getByTestId('facts-table').innerText();
    assert.match(facts, /lives in Berlin\s+2024-01-10 → 2024-06-01\s+\d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}\s+lives in Hamburg/, 'both time axes and what superseded it');
    const relations = await page.getByTestId('timeline').nth(1).innerText();
    assert.match(relations, /Alice works_at Acme\s+2023-01-01 → 2024-09-01/);
    await screenshot(page, 'graph-entity-detail');
  });

  it('resolves a contradiction through the queue', async () => {
    await open('/contradictions');
    const card = page.getByTestId('contradiction');
    await card.first().waitFor();
    assert.equal(await card.count(), 1);
    assert.match(await card.innerText(), /negation diff[\s\S]*Older \(2023-05-01\): Alice is allergic to peanuts[\s\S]*Newer \(2024-02-01\): Alice is not allergic to peanuts/i);
    await screenshot(page, 'graph-contradictions');
    await card.getByRole('button', { name: 'Supersede older' }).click();
    await page.getByText('No open contradictions.').waitFor();
    await open(`/entities/${alice}`);
    await until(async () => /Alice is allergic to peanuts\s+2023-05-01 → 2024-02-01/.test(await page.getByTestId('timeline').first().innerText()), 'the older fact is closed at the newer one\'s valid_at');
    await screenshot(page, 'graph-contradiction-resolved');
    assert.deepEqual(watch.problems(), []);
  });
});
