import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../src/api/kraken/rest/auth.js';
import { startExchange, type RunningExchange } from '../src/app.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { browserTestsRun, launchChromium } from './browser.js';

// What the dashboard says must agree with itself in real headless Chromium: a looping timeline's
// counts beside the log's red rows, who made each request, and the chart's time beside the log's.

const SECRET = Buffer.alloc(64, 5).toString('base64');
const SCENARIO: ScenarioInput = {
  name: 'looping-storm',
  loop: true,
  accounts: [{ name: 'bot', key: 'bot-key-000017', secret: SECRET, balances: { USD: '200000', BTC: '2' } }],
  timeline: [
    { name: 'calm', duration: '1m' },
    { name: 'storm', duration: '1m', faults: [{ name: 'ticker 502', match: { route: 'Ticker' }, effect: { kind: 'status', status: 502 } }] },
  ],
};

let nonce = 0;
/** A signed Kraken private call by the scenario's account. */
async function privateCall(url: string, method: string, params: Record<string, string> = {}): Promise<any> {
  const path = `/0/private/${method}`;
  const n = String(++nonce);
  const body = new URLSearchParams({ nonce: n, ...params }).toString();
  const res = await fetch(`${url}${path}`, {
    method: 'POST', body,
    headers: { 'API-Key': 'bot-key-000017', 'API-Sign': sign(path, n, body, SECRET), 'content-type': 'application/x-www-form-urlencoded' },
  });
  return res.json();
}

const ticker = (url: string): Promise<number> => fetch(`${url}/0/public/Ticker?pair=XBTUSD`).then(async (r) => (await r.arrayBuffer(), r.status));
const text = (page: Page, selector: string): Promise<string> => page.locator(selector).first().textContent().then((t) => t ?? '');

describe.runIf(browserTestsRun())('dashboard readings in headless Chromium', () => {
  let browser: Browser;
  let ex: RunningExchange<ManualClock>;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    ex = await startExchange({ scenario: SCENARIO, clock: 'manual', seed: 17 });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${ex.url}/__chaos/ui/`);
    await page.waitForSelector('body[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await ex?.close();
  });

  it('a looping timeline shows the pass in force and keeps each phase\'s totals from earlier passes beside this pass\'s counts', async () => {
    expect(await ticker(ex.url)).toBe(200);
    expect((await privateCall(ex.url, 'Balance')).error).toEqual([]);
    ex.clock.advance(60_000);
    expect(await ticker(ex.url)).toBe(502);
    expect(await ticker(ex.url)).toBe(502);
    await expect.poll(() => text(page, '#cycle-note')).toBe('loops every 2m00s · pass 1');
    await expect.poll(() => text(page, '#phases button[data-phase="storm"] .pstats')).toBe('2 req · 2 err');
    // On to pass 3: the log still shows pass 1's red rows, and so do the phases' totals.
    ex.clock.advance(3 * 60_000 + 10_000);
    await expect.poll(() => text(page, '#cycle-note')).toBe('loops every 2m00s · pass 3');
    expect(await text(page, '#phases button[data-phase="storm"] .pstats')).toBe('0 req · 0 err');
    expect(await text(page, '#phases button[data-phase="storm"] .ptotal')).toBe('all passes: 2 req · 2 err');
    expect(await text(page, '#phases button[data-phase="calm"] .ptotal')).toBe('all passes: 2 req · 0 err');
    expect(await page.locator('#log tr.o-fault').count()).toBe(2);
    expect(problems).toEqual([]);
  });

  it('the log\'s account column names the account whose key a request carried, else "—" with the caller\'s address in its tooltip', async () => {
    const cell = (route: string) => page.locator(`#log tr[data-route="${route}"]`).first().locator('td').nth(2);
    await expect.poll(() => cell('Balance').textContent()).toBe('bot');
    expect(await cell('Balance').getAttribute('title')).toBe('account bot · from 127.0.0.1');
    expect(await cell('Ticker').textContent()).toBe('—');
    expect(await cell('Ticker').getAttribute('title')).toBe('no account (no known API key or token) · from 127.0.0.1');
    // An unknown key is no account either.
    const res = await fetch(`${ex.url}/0/private/OpenOrders`, { method: 'POST', body: 'nonce=1', headers: { 'API-Key': 'nobody', 'API-Sign': 'AAAA', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(((await res.json()) as { error: string[] }).error).not.toEqual([]);
    await expect.poll(() => cell('OpenOrders').textContent()).toBe('—');
    // No address in the column itself: names or the marker only.
    expect(new Set(await page.locator('#log tr td:nth-child(3)').allTextContents())).toEqual(new Set(['bot', '—']));
  });

  it('the price chart\'s time axis is t+ like the log; an order 10 % under the price sits at the bottom edge with its price, the line keeps its height', async () => {
    const mid = ex.exchange.markets.get('BTC/USD')!.mid;
    const far = String(Math.round(mid * 0.9));
    const placed = await privateCall(ex.url, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: far, volume: '0.01' });
    expect(placed.error).toEqual([]);
    ex.clock.advance(30_000);
    await page.selectOption('#account', 'bot');
    await expect.poll(() => page.locator('#chart g.order.far.below').count()).toBe(1);
    expect(await page.locator('#chart g.order.far.below text.edge').textContent()).toBe(`${far}.0`);
    // The price line is drawn over most of the plot's height: the far bid did not squash it.
    const ys = (await page.locator('#chart polyline.price').getAttribute('points'))!.split(' ').map((p) => Number(p.split(',')[1]));
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.5 * (220 - 8 - 20));
    const prices = (await page.locator('#chart text.axis.level').allTextContents()).map(Number);
    expect(Math.min(...prices)).toBeGreaterThan(Number(far));
    // Times as the log writes them: the right end is now, the header's time since the start.
    const times = await page.locator('#chart text.axis.time').allTextContents();
    expect(times.every((t) => /^t\+\d+:\d\d:\d\d$/.test(t))).toBe(true);
    await expect.poll(() => page.locator('#chart text.axis.time').last().textContent()).toBe(await text(page, '#elapsed'));
    expect(times.at(-1)).toBe('t+0:04:40');
    expect(problems).toEqual([]);
  });
});
