import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../clock/clock.js';
import { Rng } from '../../../clock/rng.js';
import { ConnectionLimits, LIFETIME_MS, PING_EVERY_MS, PONG_TIMEOUT_MS } from './connection-limits.js';
import type { StreamLink } from './stream-link.js';
import { CONNECT_WINDOW_MS, MAX_CONNECTS, StreamFaults } from './stream-faults.js';

/** A link that records what the limits did to it. */
const fakeLink = (stalled = false) => ({ stalled, disconnect: vi.fn(), ping: vi.fn() });

describe('ConnectionLimits: one connection against Binance\'s rules, on simulated time', () => {
  it('pings every 20 s while pongs come, and closes the connection with 1001 when it has been open 24 hours', () => {
    const limits = new ConnectionLimits(0);
    const link = fakeLink();
    for (let t = 1_000; t < LIFETIME_MS; t += 1_000) {
      limits.round(link as unknown as StreamLink, t);
      if (t % PING_EVERY_MS === 0) limits.ponged(t);
      if (link.disconnect.mock.calls.length > 0) break;
    }
    expect(link.disconnect).not.toHaveBeenCalled();
    expect(link.ping).toHaveBeenCalledTimes(LIFETIME_MS / PING_EVERY_MS - 1);
    limits.round(link as unknown as StreamLink, LIFETIME_MS);
    expect(link.disconnect).toHaveBeenCalledWith(1001, 'Connection lifetime of 24 hours exceeded');
  });

  it('drops a connection whose last pong is older than a minute; a stalled one is neither pinged nor dropped', () => {
    const limits = new ConnectionLimits(0);
    const link = fakeLink();
    for (let t = 1_000; t <= PONG_TIMEOUT_MS; t += 1_000) limits.round(link as unknown as StreamLink, t);
    expect(link.disconnect).not.toHaveBeenCalled();
    limits.round(link as unknown as StreamLink, PONG_TIMEOUT_MS + 1);
    expect(link.disconnect).toHaveBeenCalledWith(1006, '');
    const quiet = new ConnectionLimits(0);
    const stalled = fakeLink(true);
    for (let t = 1_000; t <= 10 * PONG_TIMEOUT_MS; t += 1_000) quiet.round(stalled as unknown as StreamLink, t);
    expect([stalled.ping.mock.calls.length, stalled.disconnect.mock.calls.length]).toEqual([0, 0]);
  });

  it('admits 5 incoming messages a second and refuses the sixth; a new second starts afresh', () => {
    const limits = new ConnectionLimits(0);
    expect([1, 2, 3, 4, 5, 6].map((i) => limits.admit(100 + i))).toEqual([true, true, true, true, true, false]);
    expect(limits.admit(1_100)).toBe(true);
  });
});

describe('StreamFaults: connection attempts per IP', () => {
  it('refuses the 301st attempt from one IP within 5 minutes with a 429 page; other IPs and a later window are served', () => {
    const clock = new ManualClock(1_000_000);
    const faults = new StreamFaults(undefined, clock, new Rng('limits'));
    for (let i = 0; i < MAX_CONNECTS; i++) expect(faults.upgrade('/ws', '10.0.0.1')).toBeUndefined();
    const refused = faults.upgrade('/ws', '10.0.0.1');
    expect(refused?.status).toBe(429);
    expect(refused?.body).toContain('api.binance.com');
    expect(faults.upgrade('/stream', '10.0.0.2')).toBeUndefined();
    clock.advance(CONNECT_WINDOW_MS + 1);
    expect(faults.upgrade('/ws', '10.0.0.1')).toBeUndefined();
  });
});
