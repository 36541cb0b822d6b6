import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../src/api/kraken/rest/auth.js';
import { startExchange, type RunningExchange } from '../src/app.js';
import type { ManualClock, SystemClock } from '../src/clock/clock.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { browserTestsRun, launchChromium } from './browser.js';
import { connectWs } from './ws-client.js';

// The dashboard in real headless Chromium. Time is the manual clock (moved by the test or by the
// page's own buttons); the page is waited on through what it shows, never through sleeps.

const SECRET = Buffer.alloc(64, 9).toString('base64');
const SCENARIO: ScenarioInput = {
  name: 'dashboard-outage',
  description: 'calm, then a 502 storm, then maintenance, then recovery',
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: SECRET, balances: { USD: '200000', BTC: '2' } }],
  timeline: [
    { name: 'calm', duration: '2m' },
    { name: 'errors', duration: '2m', faults: [{ name: '502 storm', probability: 0.5, effect: { kind: 'status', status: 502 } }] },
    { name: 'maintenance', duration: '2m', mode: 'maintenance' },
    { name: 'recovered' },
  ],
  expect: { backoff: true, watchStatus: true },
};

/** What the test reads of a page element inside the browser (the project's types have no DOM). */
type Shown = { dataset: Record<string, string | undefined>; style: { left: string }; open: boolean; getBoundingClientRect(): { width: number } };

let nonce = 0;
/** A signed Kraken private call by the scenario's account, as a bot makes it. */
async function privateCall(url: string, method: string, params: Record<string, string> = {}): Promise<any> {
  const path = `/0/private/${method}`;
  const n = String(++nonce);
  const body = new URLSearchParams({ nonce: n, ...params }).toString();
  const res = await fetch(`${url}${path}`, {
    method: 'POST', body,
    headers: { 'API-Key': 'bot-key-000001', 'API-Sign': sign(path, n, body, SECRET), 'content-type': 'application/x-www-form-urlencoded' },
  });
  return res.headers.get('content-type')?.startsWith('application/json') ? res.json() : { status: res.status };
}

const offsetOf = async (page: Page): Promise<number> => Number(await page.locator('#now-marker').getAttribute('data-offset-ms'));
const leftOf = async (page: Page): Promise<number> => parseFloat((await page.locator('#now-marker').evaluate((m) => (m as unknown as Shown).style.left)) || 'NaN');

describe.runIf(browserTestsRun())('dashboard in headless Chromium', () => {
  let browser: Browser;
  let ex: RunningExchange<ManualClock>;
  let page: Page;
  const problems: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    ex = await startExchange({ scenario: SCENARIO, clock: 'manual', seed: 11 });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => { if (!r.url().startsWith(ex.url) && !r.url().startsWith('data:')) foreign.push(r.url()); });
    await page.goto(`${ex.url}/__chaos/ui`);
    await page.waitForSelector('body[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await ex?.close();
  });

  it('loads with no console errors, only from this server, showing the scenario, its phases and the status page', async () => {
    await expect.poll(() => page.locator('#scenario-name').textContent()).toBe('dashboard-outage');
    expect(await page.locator('#phases button').evaluateAll((bs) => bs.map((b) => (b as unknown as Shown).dataset.phase))).toEqual(['calm', 'errors', 'maintenance', 'recovered']);
    // Phases to scale: the three 2-minute phases are equally wide, the open-ended one is the tail.
    const widths = await page.locator('#phases button').evaluateAll((bs) => bs.map((b) => (b as unknown as Shown).getBoundingClientRect().width));
    expect(widths[0]).toBeCloseTo(widths[1]!, 0);
    expect(widths[1]).toBeCloseTo(widths[2]!, 0);
    expect(await page.locator('#mode').textContent()).toBe('online');
    expect(await page.locator('#components li').count()).toBeGreaterThan(5);
    expect(await page.locator('#status-indicator').textContent()).toBe('All Systems Operational');
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('moves the "now" marker when the manual clock advances', async () => {
    const before = await offsetOf(page);
    const left = await leftOf(page);
    ex.clock.advance(45_000);
    await expect.poll(() => offsetOf(page)).toBe(before + 45_000);
    expect(await leftOf(page)).toBeGreaterThan(left);
    // The "." key advances the manual clock by 10 s from the page.
    await page.locator('body').press('.');
    await expect.poll(() => offsetOf(page)).toBe(before + 55_000);
    expect(ex.clock.now() - ex.engine.startTime).toBe(before + 55_000);
  });

  it('shows a client\'s requests in the live log, colour-coded, and filters it by account and route', async () => {
    await fetch(`${ex.url}/0/public/Time`);
    const balance = await privateCall(ex.url, 'Balance');
    expect(balance.error).toEqual([]);
    await privateCall(ex.url, 'Balance', { asset: 'NOPE' });
    const row = page.locator('#log tr[data-route="Balance"]').first();
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getAttribute('class')).toMatch(/^o-(ok|error)$/);
    expect(await page.locator('#log tr[data-route="Time"]').first().getAttribute('class')).toBe('o-ok');
    await page.selectOption('#log-account', 'bot');
    await expect.poll(() => page.locator('#log tr[data-route="Time"]').count()).toBe(0);
    expect(await page.locator('#log tr[data-route="Balance"]').count()).toBe(2);
    await page.selectOption('#log-account', '');
    await page.fill('#log-route', 'time');
    await expect.poll(() => page.locator('#log tr').evaluateAll((rs) => [...new Set(rs.map((r) => (r as unknown as Shown).dataset.route))])).toEqual(['Time']);
    await page.fill('#log-route', '');
    // WebSocket traffic shows too: the connection, a subscription and the close.
    const ws = await connectWs(`${ex.url.replace('http', 'ws')}/v2`);
    ws.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 1 });
    await ws.next((m) => m.method === 'subscribe');
    ws.ws.close();
    await ws.closed;
    for (const route of ['ws:connect/v2', 'ws:subscribe', 'ws:close/v2']) {
      await expect.poll(() => page.locator(`#log tr[data-route="${route}"]`).count(), { message: route }).toBe(1);
    }
    expect(await page.locator('#log tr[data-route="ws:subscribe"] td').nth(1).textContent()).toBe('ws');
  });

  it('jumps to a phase when its box on the timeline is chosen, and shows its mode, status and failures', async () => {
    await page.locator('#phases button[data-phase="errors"]').click();
    await expect.poll(() => page.locator('#phase-name').textContent()).toBe('errors');
    expect(ex.engine.locate(ex.clock.now()).phase.name).toBe('errors');
    for (let i = 0; i < 12; i++) await fetch(`${ex.url}/0/public/Time`);
    // Some of those met the 502 storm: red rows naming the rule, and errors on the phase's sparkline.
    await expect.poll(() => page.locator('#log tr.o-fault').count()).toBeGreaterThan(0);
    expect(await page.locator('#log tr.o-fault').first().textContent()).toContain('502 storm');
    await expect.poll(() => page.locator('#phases button[data-phase="errors"] .pstats').textContent()).toMatch(/^12 req · [1-9]\d* err$/);
    expect(await page.locator('#checks > li').count()).toBe(2);
    // Each check opens to its evidence.
    await page.locator('#checks summary').first().click();
    await expect.poll(() => page.locator('#checks details[open] .evidence li').count()).toBeGreaterThan(0);
    await page.selectOption('#jump-phase', 'maintenance');
    await page.click('#jump');
    await expect.poll(() => page.locator('#mode').textContent()).toBe('maintenance');
    expect(await page.locator('#status-indicator').textContent()).toBe('Service Under Maintenance');
  });

  it('injects a fault from the menu: it is listed, takes effect, and goes when removed', async () => {
    await page.locator('#phases button[data-phase="recovered"]').click();
    await expect.poll(() => page.locator('#phase-name').textContent()).toBe('recovered');
    await page.selectOption('#preset', { label: 'EService:Busy on AddOrder' });
    expect(await page.locator('#kind').inputValue()).toBe('error');
    expect(await page.locator('#field-error').inputValue()).toBe('EService:Busy');
    await page.click('#inject-form button[type="submit"]');
    await expect.poll(() => page.locator('#injected li[data-fault]').count()).toBe(1);
    expect(await page.locator('#notice').textContent()).toMatch(/^injected /);
    const bid = String(Math.floor(ex.exchange.markets.get('BTC/USD')!.mid * 0.95));
    const refused = await privateCall(ex.url, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: bid, volume: '0.01' });
    expect(refused.error).toEqual(['EService:Busy']);
    expect((await privateCall(ex.url, 'Balance')).error).toEqual([]);
    await expect.poll(() => page.locator('#log tr[data-route="AddOrder"].o-fault').count()).toBe(1);
    await page.locator('#injected button[data-remove]').click();
    await expect.poll(() => page.locator('#injected li[data-fault]').count()).toBe(0);
    const placed = await privateCall(ex.url, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: bid, volume: '0.01' });
    expect(placed.error).toEqual([]);
    // The log says which order the call placed (the journal's effects).
    await expect.poll(() => page.locator('#log tr[data-route="AddOrder"].o-ok').first().textContent()).toContain(`placed ${placed.result.txid[0]}`);
  });

  it('refuses a bad fault with the server\'s reason and keeps the page working', async () => {
    await page.selectOption('#kind', 'status');
    await page.fill('#field-status', '299');
    await page.click('#inject-form button[type="submit"]');
    await expect.poll(() => page.locator('#notice').getAttribute('class')).toBe('bad');
    expect(await page.locator('#notice').textContent()).toContain('invalid fault rule');
    expect(ex.engine.injected.active(ex.clock.now())).toEqual([]);
    // The browser reports the refused call itself; nothing else went wrong.
    expect(problems.splice(0)).toEqual(['error: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  it('funds an account and moves the price; the chart shows the account\'s orders and fills', async () => {
    await page.selectOption('#fund-account', 'bot');
    await page.fill('#fund-asset', 'USD');
    await page.fill('#fund-amount', '2500');
    const before = ex.exchange.accounts.get('bot')!.balance('USD');
    await page.click('#fund-form button[type="submit"]');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^deposited to bot/);
    expect(ex.exchange.accounts.get('bot')!.balance('USD') - before).toBe(2500n * 10n ** 18n);

    const mid = ex.exchange.markets.get('BTC/USD')!.mid;
    await page.selectOption('#price-pair', 'BTC/USD');
    await page.fill('#price-change', '-10');
    await page.click('#price-form button[type="submit"]');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/^BTC\/USD mid now/);
    expect(ex.exchange.markets.get('BTC/USD')!.mid).toBeCloseTo(mid * 0.9, 6);

    // The bid placed 5 % under the old price has met the fall; a market buy fills at once (market
    // orders have no price to mark): fill dots, and one order mark.
    expect((await privateCall(ex.url, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' })).error).toEqual([]);
    ex.clock.advance(2000);
    await page.selectOption('#account', 'bot');
    await expect.poll(() => page.locator('#chart circle.fill').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart g.order.buy').count()).toBe(1);
    expect(await page.locator('#chart polyline.price').count()).toBe(1);
  });

  it('is usable by keyboard: Tab reaches the controls, "?" opens the help, "/", "h" and "n" do what the help says', async () => {
    await page.locator('body').press('?');
    await expect.poll(() => page.locator('#help').evaluate((d) => (d as unknown as Shown).open)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#help').evaluate((d) => (d as unknown as Shown).open)).toBe(false);
    const reached = new Set<string>();
    await page.locator('body').focus();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate<string>('document.activeElement?.id || document.activeElement?.dataset?.phase || ""'));
    }
    for (const id of ['jump-phase', 'jump', 'calm', 'errors', 'pair', 'account', 'log-account', 'log-route']) expect(reached).toContain(id);
    await page.locator('body').focus();
    await page.locator('body').press('/');
    expect(await page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('log-route');
    await page.evaluate('document.activeElement.blur()');
    await page.locator('body').press('h');
    expect(await page.locator('#log-hold').isChecked()).toBe(true);
    await page.locator('body').press('h');
    expect(await page.locator('#log-hold').isChecked()).toBe(false);
    // "n" goes on to the next phase: from the last one, round to the first (a restart).
    const phase = await page.locator('#phase-name').textContent();
    await page.locator('body').press('n');
    await expect.poll(() => page.locator('#phase-name').textContent()).not.toBe(phase);
    expect(ex.engine.locate(ex.clock.now()).phase.name).toBe(await page.locator('#phase-name').textContent());
  });

  it('takes a screenshot mid-outage (written to docs/ with UPDATE_SCREENSHOT=1)', async () => {
    await page.selectOption('#account', '');
    await page.locator('#phases button[data-phase="errors"]').click();
    await expect.poll(() => page.locator('#phase-name').textContent()).toBe('errors');
    for (let i = 0; i < 30; i++) {
      ex.clock.advance(2000);
      await fetch(`${ex.url}/0/public/Ticker?pair=XBTUSD`);
      if (i % 3 === 0) await privateCall(ex.url, 'OpenOrders');
      if (i % 5 === 0) await fetch(`${ex.url}/api/v2/status.json`);
      if (i % 6 === 0) {
        const price = String(Math.round(ex.exchange.markets.get('BTC/USD')!.mid * (i % 12 === 0 ? 0.999 : 1.001)));
        await privateCall(ex.url, 'AddOrder', { pair: 'XBTUSD', type: i % 12 === 0 ? 'buy' : 'sell', ordertype: 'limit', price, volume: '0.02' });
      }
    }
    await expect.poll(() => page.locator('#log tr.o-fault').count()).toBeGreaterThan(5);
    await expect.poll(() => offsetOf(page)).toBe(ex.clock.now() - ex.engine.startTime);
    await expect.poll(() => page.locator('#chart g.order').count()).toBeGreaterThan(0);
    const png = await page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    if (process.env.UPDATE_SCREENSHOT) writeFileSync(new URL('../../docs/dashboard.png', import.meta.url), png);
    expect(problems).toEqual([]);
  });
});

describe.runIf(browserTestsRun())('dashboard on the real clock', () => {
  let browser: Browser;
  let ex: RunningExchange<SystemClock>;

  beforeAll(async () => {
    browser = await launchChromium();
    ex = await startExchange({ scenario: SCENARIO, speed: 1, seed: 11 }) as RunningExchange<SystemClock>;
  });

  afterAll(async () => {
    await browser?.close();
    await ex?.close();
  });

  it('pauses and resumes the run with a button (and "p"), and changes its speed', async () => {
    const page = await browser.newPage();
    await page.goto(`${ex.url}/__chaos/ui/`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#advance-controls').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#clock-state').textContent()).toBe('running 1×');
    await page.click('#pause');
    await expect.poll(() => page.locator('#clock-state').textContent()).toBe('paused');
    expect(ex.clock.isPaused).toBe(true);
    expect(await page.locator('#pause').textContent()).toBe('Resume');
    const frozen = ex.clock.now();
    await fetch(`${ex.url}/__chaos/state`);
    expect(ex.clock.now()).toBe(frozen);
    await page.locator('body').press('p');
    await expect.poll(() => page.locator('#clock-state').textContent()).toBe('running 1×');
    expect(ex.clock.isPaused).toBe(false);
    await page.selectOption('#speed', '10');
    await expect.poll(() => page.locator('#clock-state').textContent()).toBe('running 10×');
    expect(ex.clock.speed).toBe(10);
  });
});
