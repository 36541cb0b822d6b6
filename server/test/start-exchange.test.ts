import { describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { ManualClock } from '../src/clock/clock.js';
import { sign } from '../src/api/kraken/rest/auth.js';

describe('startExchange (programmatic API)', () => {
  it('serves on an ephemeral port with the manual clock; advancing it moves the exchange', async () => {
    const ex = await startExchange({ scenario: 'calm', seed: 4, port: 0, clock: 'manual' });
    try {
      expect(ex.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ex.port).toBeGreaterThan(0);
      expect(ex.clock).toBeInstanceOf(ManualClock);
      expect(ex.accounts).toEqual([{ name: 'default', key: expect.any(String), secret: expect.any(String) }]);
      const time = async () => ((await (await fetch(`${ex.url}/0/public/Time`)).json()) as { result: { unixtime: number } }).result.unixtime;
      expect(await time()).toBe(Date.UTC(2026, 0, 1) / 1000);
      (ex.clock as ManualClock).advance(3_600_000);
      expect(await time()).toBe(Date.UTC(2026, 0, 1, 1) / 1000);
      expect(ex.exchange.now).toBe(Date.UTC(2026, 0, 1, 1));
      const { key, secret } = ex.accounts[0]!;
      const body = 'nonce=1';
      const res = await fetch(`${ex.url}/0/private/Balance`, {
        method: 'POST', body, headers: { 'API-Key': key, 'API-Sign': sign('/0/private/Balance', '1', body, secret), 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(((await res.json()) as { result: Record<string, string> }).result.ZUSD).toBe('100000.0000');
    } finally {
      await ex.close();
    }
  });

  it('close() resolves even with an idle keep-alive connection open, and frees the port', async () => {
    const ex = await startExchange({ port: 0, clock: 'manual' });
    const res = await fetch(`${ex.url}/0/public/SystemStatus`, { headers: { Connection: 'keep-alive' } });
    expect(res.headers.get('connection')).toBe('keep-alive');
    await res.text();
    await ex.close();
    await expect(fetch(`${ex.url}/0/public/Time`)).rejects.toThrow();
  });

  it('the system clock runs in real time, and --speed makes simulated time run faster', async () => {
    const fast = await startExchange({ port: 0, speed: 1000 });
    try {
      const before = fast.clock.now();
      await new Promise<void>((resolve) => {
        fast.clock.schedule(before + 60_000, resolve);
      });
      expect(fast.clock.now() - before).toBeGreaterThanOrEqual(60_000);
    } finally {
      await fast.close();
    }
  });
});

describe('startExchange typing', () => {
  it("gives a ManualClock (with advance) for clock: 'manual' without a cast", async () => {
    const ex = await startExchange({ port: 0, clock: 'manual' });
    try {
      ex.clock.advance(1000); // compiles only because the type is ManualClock
      expect(ex.clock.now()).toBe(Date.UTC(2026, 0, 1) + 1000);
    } finally {
      await ex.close();
    }
  });
});
