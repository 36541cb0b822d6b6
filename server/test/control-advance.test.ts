import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { controlServers } from './control-client.js';

const DAY = 86_400_000;

const SCENARIO: ScenarioInput = {
  name: 'long',
  market: { pairs: { 'XBT/USD': null, 'ETH/USD': null } },
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: Buffer.alloc(64, 3).toString('base64'), balances: { USD: '100000' } }],
  timeline: [{ name: 'calm', duration: '20d' }, { name: 'later', mode: 'maintenance' }],
};

const { start, call } = controlServers(SCENARIO);

describe('a long advance on the manual clock', () => {
  it('lets other requests in while it goes: they see time part of the way, then the advance ends where asked with the audit clean', async () => {
    const ex = await start();
    let done = false;
    const advance = call(ex, 'POST', '/advance', { by: '30d' }).then((r) => ((done = true), r));
    const seen: number[] = [];
    while (!done) {
      const res = await fetch(`${ex.url}/0/public/Time`);
      expect(res.status).toBe(200);
      seen.push((await call(ex, 'GET', '/state')).json.elapsedMs);
    }
    const r = await advance;
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ elapsedMs: 30 * DAY, phase: { name: 'later' } });
    // Requests were answered in the middle of it, at times part of the way there.
    expect(seen.filter((t) => t > 0 && t < 30 * DAY).length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect((await call(ex, 'GET', '/audit')).json).toEqual({ problems: [] });
    // The phase edge on the way happened at its own time.
    expect(ex.engine.locate(ex.clock.now()).start).toBe(ex.engine.startTime + 20 * DAY);
  });

  it('two advances at once run one after the other and both count', async () => {
    const ex = await start();
    const [a, b] = await Promise.all([call(ex, 'POST', '/advance', { by: '2d' }), call(ex, 'POST', '/advance', { by: '1h' })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await call(ex, 'GET', '/state')).json.elapsedMs).toBe(2 * DAY + 3_600_000);
  });

  it('a restart stops an advance still going: it answers 409 saying so, and the scenario starts again', async () => {
    // Trading all the way (a halted market steps almost for free): a year takes seconds.
    const ex = await start({ scenario: { ...SCENARIO, timeline: [{ name: 'calm' }] } });
    const advance = call(ex, 'POST', '/advance', { by: '300d' });
    await new Promise<void>((resolve) => {
      const poll = (): void => void call(ex, 'GET', '/state').then((s) => (s.json.elapsedMs > 0 ? resolve() : poll()));
      poll();
    });
    expect((await call(ex, 'POST', '/restart')).json.elapsedMs).toBe(0);
    const r = await advance;
    expect(r.status).toBe(409);
    expect(r.json.error).toMatch(/^advance stopped after \S+ of 300d: the scenario was restarted or the server is closing$/);
    expect((await call(ex, 'GET', '/state')).json.elapsedMs).toBe(0);
  });

  it('jump fast-forwards too: to a phase 20 days on', async () => {
    const ex = await start();
    expect((await call(ex, 'POST', '/jump', { phase: 'later' })).json).toMatchObject({ elapsedMs: 20 * DAY, phase: { name: 'later' } });
  });
});
