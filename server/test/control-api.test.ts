import { describe, expect, it } from 'vitest';
import { allowed, presentedToken } from '../src/control/control-api.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { connectWs } from './ws-client.js';
import { controlServers, type Running } from './control-client.js';

const SCENARIO: ScenarioInput = {
  name: 'steered',
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: Buffer.alloc(64, 3).toString('base64'), balances: { USD: '1000' } }],
  timeline: [
    { name: 'calm', duration: '1m' },
    { name: 'down', duration: '2m', mode: 'maintenance' },
    { name: 'back' },
  ],
};

const { start, call } = controlServers(SCENARIO);

const ticker = async (ex: Running): Promise<{ status: number; json: any }> => {
  const res = await fetch(`${ex.url}/0/public/Ticker?pair=XBTUSD`);
  return { status: res.status, json: res.status === 200 ? await res.json() : undefined };
};

describe('control API (/__chaos)', () => {
  it('state: scenario, clock, phase in force, timeline, modes and faults', async () => {
    const ex = await start();
    const { status, json } = await call(ex, 'GET', '/state');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      scenario: { name: 'steered' }, clock: { kind: 'manual', now: '2026-01-01T00:00:00.000Z', paused: true },
      phase: { index: 0, name: 'calm', start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:01:00.000Z', remainingMs: 60_000 },
      mode: { global: 'online' }, faults: { phase: [], injected: [] },
    });
    expect(json.timeline.map((p: { name: string; startMs: number }) => [p.name, p.startMs])).toEqual([['calm', 0], ['down', 60_000], ['back', 180_000]]);
  });

  it('advance and jump move the manual clock; jumping back to a passed phase restarts the scenario', async () => {
    const ex = await start();
    expect((await call(ex, 'POST', '/advance', { by: '90s' })).json).toMatchObject({ elapsedMs: 90_000, phase: { name: 'down' }, mode: { global: 'maintenance' } });
    expect((await fetch(`${ex.url}/0/public/SystemStatus`).then((r) => r.json()) as any).result.status).toBe('maintenance');
    expect((await call(ex, 'POST', '/jump', { phase: 'back' })).json).toMatchObject({ elapsedMs: 180_000, phase: { name: 'back' } });
    expect((await call(ex, 'POST', '/jump', { phase: 'down' })).json).toMatchObject({ elapsedMs: 60_000, phase: { name: 'down' } });
    expect((await call(ex, 'POST', '/jump', { phase: 'nope' })).json.error).toBe('phase: no phase "nope" (phases: calm, down, back)');
    expect((await call(ex, 'POST', '/advance', { by: 'soon' })).status).toBe(400);
    expect((await call(ex, 'POST', '/pause')).status).toBe(409);
  });

  it('inject a fault rule for a while: it takes effect at once, is listed, expires or is removed; a bad rule is refused with its issues', async () => {
    const ex = await start();
    const added = await call(ex, 'POST', '/faults', { name: 'storm', match: { route: 'Ticker' }, effect: { kind: 'status', status: 502 }, duration: '1m' });
    expect(added).toMatchObject({ status: 200, json: { id: 'injected-1', untilIso: '2026-01-01T00:01:00.000Z' } });
    expect((await ticker(ex)).status).toBe(502);
    expect((await call(ex, 'GET', '/state')).json.faults.injected).toMatchObject([{ id: 'injected-1', lasts: '1m' }]);
    await call(ex, 'POST', '/advance', { by: 60_000 });
    expect((await ticker(ex)).status).toBe(200);
    await call(ex, 'POST', '/faults', { match: { route: 'Ticker' }, effect: { kind: 'error', error: 'EService:Busy' } });
    expect((await ticker(ex)).json.error).toEqual(['EService:Busy']);
    expect((await call(ex, 'DELETE', '/faults/injected-2')).status).toBe(200);
    expect((await ticker(ex)).json.error).toEqual([]);
    expect((await call(ex, 'DELETE', '/faults/injected-2')).status).toBe(404);
    const bad = await call(ex, 'POST', '/faults', { effect: { kind: 'status', status: 299 } });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0]).toMatchObject({ path: 'effect.status' });
  });

  it('an injected WebSocket disconnect closes the connections already open', async () => {
    const ex = await start();
    const c = await connectWs(`${ex.url.replace('http', 'ws')}/v2`);
    await call(ex, 'POST', '/faults', { effect: { kind: 'disconnect', code: 1013 } });
    expect(await c.closed).toEqual({ code: 1013, reason: 'Market data unavailable' });
  });

  it('fund credits an account through a ledger-explained deposit; price moves a market; audit stays clean', async () => {
    const ex = await start();
    expect((await call(ex, 'POST', '/fund', { account: 'bot', asset: 'USD', amount: '250.5', instant: true })).json).toMatchObject({ account: 'bot', asset: 'USD', status: 'Success' });
    expect(ex.exchange.accounts.get('bot')!.balance('USD')).toBe(1250_500_000_000_000_000_000n);
    expect((await call(ex, 'POST', '/fund', { account: 'alice', asset: 'USD', amount: '1' })).json.error).toBe('account: no account "alice" (accounts: bot)');
    const before = ex.exchange.market('BTC/USD')!.mid;
    expect((await call(ex, 'POST', '/price', { pair: 'XBT/USD', change: -10 })).json.mid).toBeCloseTo(before * 0.9, 6);
    expect((await call(ex, 'POST', '/price', { pair: 'XBT/USD' })).status).toBe(400);
    expect((await call(ex, 'GET', '/audit')).json).toEqual({ problems: [] });
  });

  it('validate and load scenarios (YAML or JSON) with every issue and its line; restart keeps the journal, reset clears it', async () => {
    const ex = await start();
    expect((await call(ex, 'POST', '/validate', 'name: ok\ntimeline: [{ name: a }]\n')).json).toEqual({ ok: true });
    const bad = await call(ex, 'POST', '/validate', 'name: x\ntimeline:\n  - name: a\n    duraton: 5m\n');
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual([{ path: 'timeline.0', line: 4, message: expect.stringContaining('4:5: unknown key "duraton" (did you mean "duration"?)') }]);
    await ticker(ex);
    const loaded = await call(ex, 'POST', '/scenario', { name: 'other', timeline: [{ name: 'only', mode: 'cancel_only' }] });
    expect(loaded.json).toMatchObject({ scenario: { name: 'other' }, phase: { name: 'only' }, mode: { global: 'cancel_only' } });
    expect(ex.scenario.name).toBe('other');
    expect((await call(ex, 'GET', '/journal?route=Ticker')).json.entries).toHaveLength(1);
    await call(ex, 'POST', '/reset');
    expect((await call(ex, 'GET', '/journal')).json.entries).toEqual([]);
  });

  it('journal: filters by route, transport, outcome and after; bad filters are refused', async () => {
    const ex = await start();
    await ticker(ex);
    await fetch(`${ex.url}/0/public/Nope`);
    const all = (await call(ex, 'GET', '/journal')).json;
    expect(all.entries.map((e: { route: string; outcome: string }) => [e.route, e.outcome])).toEqual([['Ticker', 'ok'], ['Nope', 'error']]);
    expect((await call(ex, 'GET', `/journal?after=${all.entries[0].seq}`)).json.entries).toHaveLength(1);
    expect((await call(ex, 'GET', '/journal?outcome=error&transport=rest')).json.entries.map((e: { route: string }) => e.route)).toEqual(['Nope']);
    expect((await call(ex, 'GET', '/journal?outcome=maybe')).status).toBe(400);
  });

  it('is immune to fault rules, says 404 for unknown routes and 413 for oversized bodies', async () => {
    const ex = await start({ scenario: { name: 'hostile', timeline: [{ name: 'x', faults: [{ match: { route: '*' }, effect: { kind: 'reset' } }] }] } });
    expect((await call(ex, 'GET', '/state')).status).toBe(200);
    expect((await call(ex, 'GET', '/nothing')).json).toEqual({ error: 'no control route GET /__chaos/nothing' });
    expect((await call(ex, 'POST', '/validate', `name: x\n# ${'x'.repeat(1_100_000)}\n`)).status).toBe(413);
  });

  it('pause and resume a system clock: paused time stands still', async () => {
    const ex = await start({ clock: 'system', speed: 1 });
    const paused = (await call(ex, 'POST', '/pause')).json;
    expect(paused.clock).toMatchObject({ kind: 'system', paused: true, speed: 1 });
    expect((await call(ex, 'GET', '/state')).json.clock.nowMs).toBe(paused.clock.nowMs);
    expect((await call(ex, 'POST', '/speed', { speed: 30 })).json.clock).toMatchObject({ speed: 30, paused: true });
    expect((await call(ex, 'POST', '/resume')).json.clock.paused).toBe(false);
    expect((await call(ex, 'POST', '/speed', { speed: -1 })).status).toBe(400);
  });

  it('access: loopback callers always; others only with the token, compared in constant time', () => {
    expect(allowed('127.0.0.1', undefined, undefined)).toBe(true);
    expect(allowed('::1', undefined, undefined)).toBe(true);
    expect(allowed('10.0.0.7', undefined, undefined)).toBe(false);
    expect(allowed('10.0.0.7', 's3cret', undefined)).toBe(false);
    expect(allowed('10.0.0.7', 's3cret', 's3cret')).toBe(true);
    expect(allowed('10.0.0.7', 'wrong!', 's3cret')).toBe(false);
    expect(allowed('10.0.0.7', 's3cre', 's3cret')).toBe(false);
    expect(allowed('::ffff:127.0.0.1', undefined, 's3cret')).toBe(true);
  });

  it('a caller presents the token as a Bearer header, the dashboard\'s cookie, or ?token= when opening the dashboard', () => {
    expect(presentedToken({ authorization: 'Bearer s3cret' }, {}, '/state')).toBe('s3cret');
    expect(presentedToken({ authorization: 'bearer s3cret', cookie: 'chaos_token=other' }, {}, '/state')).toBe('s3cret');
    expect(presentedToken({ cookie: 'a=1; chaos_token=s3%20cret; b=2' }, {}, '/pause')).toBe('s3 cret');
    expect(presentedToken({ cookie: 'chaos_token=%E0%A4%A' }, {}, '/state')).toBeUndefined();
    expect(presentedToken({}, { token: 's3cret' }, '/ui/')).toBe('s3cret');
    expect(presentedToken({}, { token: 's3cret' }, '/state')).toBeUndefined();
    expect(presentedToken({}, {}, '/ui/')).toBeUndefined();
  });

  it('opening the dashboard with the right ?token= sets the cookie and drops the token from the address', async () => {
    const ex = await start({ controlToken: 's3cret' });
    const right = await fetch(`${ex.url}/__chaos/ui/?token=s3cret`, { redirect: 'manual' });
    expect(right.status).toBe(302);
    expect(right.headers.get('location')).toBe('/__chaos/ui/');
    expect(right.headers.get('set-cookie')).toBe('chaos_token=s3cret; Path=/__chaos; HttpOnly; SameSite=Strict');
    const wrong = await fetch(`${ex.url}/__chaos/ui/?token=nope`, { redirect: 'manual' });
    expect(wrong.status).toBe(200);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });
});
