import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../src/app.js';
import type { ManualClock } from '../src/clock/clock.js';
import { browserTestsRun, launchChromium } from './browser.js';

// The dashboard's jump controls on a timeline with a repeated group, in headless Chromium: three
// phases named `slide` are three boxes and three choices, each reaching its own phase.

describe.runIf(browserTestsRun())('dashboard jumps on a repeated group', () => {
  let browser: Browser;
  let ex: RunningExchange<ManualClock>;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    ex = await startExchange({
      clock: 'manual',
      scenario: {
        name: 'flapping',
        market: { pairs: { 'XBT/USD': null } },
        timeline: [
          { name: 'calm', duration: '1m' },
          { name: 'outage', repeat: 3, phases: [{ name: 'slide', duration: '2m', mode: 'cancel_only' }, { name: 'hold', duration: '1m' }] },
          { name: 'back' },
        ],
      },
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${ex.url}/__chaos/ui`);
    await page.waitForSelector('body[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await ex?.close();
  });

  const label = (): string => ex.engine.locate(ex.clock.now()).phase.label;

  it('lists every phase by its label in the jump menu', async () => {
    expect(await page.locator('#jump-phase option').allTextContents()).toEqual([
      'calm', 'outage #1 / slide', 'outage #1 / hold', 'outage #2 / slide', 'outage #2 / hold', 'outage #3 / slide', 'outage #3 / hold', 'back',
    ]);
  });

  it('the second "slide" box on the timeline jumps to the second slide', async () => {
    await page.locator('#phases button').nth(3).click();
    await expect.poll(() => page.locator('#phase-name').textContent()).toBe('outage #2 / slide');
    expect(label()).toBe('outage #2 / slide');
  });

  it('the jump menu reaches the phase chosen, and "n" the one after it', async () => {
    await page.selectOption('#jump-phase', { label: 'outage #3 / hold' }, { timeout: 5_000 });
    await page.click('#jump');
    await expect.poll(() => page.locator('#phase-name').textContent()).toBe('outage #3 / hold');
    expect(label()).toBe('outage #3 / hold');
    await page.locator('body').press('n');
    await expect.poll(() => page.locator('#phase-name').textContent()).toBe('back');
    expect(label()).toBe('back');
  });
});
