import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../src/app.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { browserTestsRun, launchChromium } from './browser.js';

// DNS rebinding and cross-site requests as real Chromium makes them. Chromium is told that
// evil.example is 127.0.0.1 (what a rebinding attacker's DNS does), so a page of the origin
// http://evil.example:PORT is served by the exchange and its script calls /__chaos/ "same-origin".

const SCENARIO: ScenarioInput = {
  name: 'rebinding',
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: Buffer.alloc(64, 5).toString('base64'), balances: { USD: '1000' } }],
};

/** What the page's script saw of one call: the status, or that the browser would not let it read. */
type Seen = { path: string; status: number; body: string };

describe.runIf(browserTestsRun())('a web page against the control API, in Chromium', () => {
  let browser: Browser;
  let ex: RunningExchange<ManualClock>;
  beforeAll(async () => {
    ex = await startExchange({ scenario: SCENARIO, port: 0, clock: 'manual' });
    browser = await launchChromium(['--host-resolver-rules=MAP evil.example 127.0.0.1']);
  });
  afterAll(async () => {
    await browser?.close();
    await ex?.close();
  });

  it('a rebound page (its own name now resolving to 127.0.0.1) can neither steer nor read it; nothing changes', async () => {
    const page = await browser.newPage();
    // Any page of that origin will do: the status page answers every Host, as it should.
    expect((await page.goto(`http://evil.example:${ex.port}/api/v2/status.json`))?.status()).toBe(200);
    const seen = await page.evaluate(async () => {
      const calls: [string, RequestInit][] = [
        ['/__chaos/fund', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ account: 'bot', asset: 'USD', amount: '1000000', instant: true }) }],
        ['/__chaos/advance', { method: 'POST', body: JSON.stringify({ by: '1h' }) }],
        ['/__chaos/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match: { route: 'Ticker' }, effect: { kind: 'status', status: 502 } }) }],
        ['/__chaos/state', {}], ['/__chaos/journal', {}], ['/__chaos/ui/', {}],
      ];
      const out: { path: string; status: number; body: string }[] = [];
      for (const [path, init] of calls) {
        const res = await fetch(path, init);
        out.push({ path, status: res.status, body: await res.text() });
      }
      return out;
    }) as Seen[];
    for (const s of seen) {
      expect(s.status, s.path).toBe(403);
      expect(s.body, s.path).toContain('the control API answers only requests addressed to this machine');
      expect(s.body, s.path).not.toContain('bot-key');
    }
    expect(ex.exchange.funding.deposits).toEqual([]);
    expect(ex.clock.now()).toBe(ex.engine.startTime);
    expect(ex.engine.injected.active(ex.clock.now())).toEqual([]);
    await page.close();
  });

  it('a page of another site posting to the loopback address (no-cors, as a form would) changes nothing', async () => {
    const page = await browser.newPage();
    await page.goto(`http://evil.example:${ex.port}/api/v2/status.json`);
    const target = `http://127.0.0.1:${ex.port}/__chaos/advance`;
    // The script cannot read an opaque answer; the browser's own network log shows it arrived and was refused.
    const answered = page.waitForResponse((r) => r.url() === target);
    await page.evaluate(async (url) => {
      await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ by: '1h' }) });
    }, target);
    const response = await answered;
    expect(response.status()).toBe(403);
    expect(ex.clock.now()).toBe(ex.engine.startTime);
    await page.close();
  });

  it('the dashboard itself, opened at its own address, still steers it', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${ex.port}/__chaos/ui/`);
    const status = await page.evaluate(async () => (await fetch('/__chaos/advance', { method: 'POST', body: JSON.stringify({ by: '1m' }) })).status);
    expect(status).toBe(200);
    expect(ex.clock.now()).toBe(ex.engine.startTime + 60_000);
    await page.close();
  });
});
