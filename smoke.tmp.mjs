import { chromium } from 'playwright-core';
import { startExchange } from './dist/server/src/index.js';
const ex = await startExchange({ scenario: process.argv[2] ?? 'demo', clock: 'manual', seed: 1 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
const msgs = [];
page.on('console', (m) => msgs.push(`console ${m.type()} ${m.text().slice(0, 200)}`));
page.on('pageerror', (e) => msgs.push('pageerror ' + e.message));
await page.goto(`${ex.url}/__chaos/ui`);
await page.waitForSelector('body[data-ready=true]');
const acct = ex.accounts[0];
for (let i = 0; i < 40; i++) { ex.clock.advance(7000); fetch(`${ex.url}/0/public/Ticker?pair=XBTUSD`).catch(() => {}); fetch(`${ex.url}/0/public/Time`).catch(() => {}); fetch(`${ex.url}/api/v2/status.json`).catch(() => {}); await new Promise((r) => setTimeout(r, 30)); }
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/shot/a.png', fullPage: true });
console.log(await page.locator('#now-marker').getAttribute('style'), await page.locator('#log tr').count());
console.log([...new Set(msgs)].slice(0, 10).join('\n'));
await browser.close(); await ex.close();
