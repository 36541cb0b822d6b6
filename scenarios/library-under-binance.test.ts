// Every built-in scenario, written in neutral words, played under `exchange: binance` over Binance REST.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createExchange } from '../server/src/app.js';
import { binanceHttpHandler } from '../server/src/api/binance/rest/http.js';
import { signPayload } from '../server/src/api/binance/rest/signing.js';
import type { ManualClock } from '../server/src/clock/clock.js';
import { auditExchange } from '../server/src/control/audit.js';
import { builtinNames } from '../server/src/scenario/builtin.js';
import { expandTimeline } from '../server/src/scenario/timeline.js';

/** One reply as a word: `ok`, `<status> <code>` for Binance's `{code,msg}`, `http <status>` for anything else, or `reset`. */
interface Seen { kind: string; status: number; body: string }

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => {
  server?.closeAllConnections();
  return server ? server.close(() => resolve()) : resolve();
}));

/** A built-in played under `exchange: binance` behind Binance's HTTP handler, with a signing client on the manual clock. */
async function play(name: string) {
  const { exchange, clock, engine, scenario } = await createExchange({ scenario: name, exchange: 'binance', clock: 'manual', seed: 7 });
  const manual = clock as ManualClock;
  server = createServer(binanceHttpHandler(exchange, clock, { faults: engine }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const account = [...exchange.accounts.values()][0]!;
  /** Waits for a reply, moving the manual clock to each timer the server sets (scripted latency). */
  // A reply that never comes (a scripted hang) gives up after a second of real time, as a client's timeout would.
  const settle = async <T>(p: Promise<T>): Promise<T> => {
    for (;;) {
      const next = await Promise.race([p.then((v) => ({ v })), manual.nextSchedule().then((at) => ({ at }))]);
      if ('v' in next) return next.v;
      manual.advanceTo(Math.max(manual.now(), next.at));
    }
  };
  const call = async (method: string, path: string, params: Record<string, string> = {}, signed = false): Promise<Seen> => {
    let text = new URLSearchParams(signed ? { ...params, timestamp: String(clock.now()) } : params).toString();
    if (signed) text += `&signature=${signPayload(text, account.spec.secret)}`;
    const headers: Record<string, string> = signed ? { 'X-MBX-APIKEY': account.spec.key } : {};
    const r = await settle(fetch(method === 'POST' ? `${base}${path}` : `${base}${path}?${text}`, method === 'POST'
      ? { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: text, signal: AbortSignal.timeout(1000) } : { method, headers, signal: AbortSignal.timeout(1000) })
      .then(async (res) => ({ status: res.status, body: await res.text() }), () => undefined));
    if (!r) return { kind: 'reset', status: 0, body: '' };
    let code: unknown;
    try {
      code = (JSON.parse(r.body) as { code?: unknown }).code;
    } catch {
      code = undefined;
    }
    return { kind: r.status === 200 ? 'ok' : typeof code === 'number' ? `${r.status} ${code}` : `http ${r.status}`, ...r };
  };
  const phases = expandTimeline(scenario);
  const finite = phases.map((p) => p.end).filter(Number.isFinite);
  // Phases are offsets from the run's start; a looping timeline is played for ten minutes, a long one for four hours at most.
  const span = Math.min(finite.length ? Math.max(...finite) - phases[0]!.start : 10 * 60_000, 4 * 3_600_000);
  return { exchange, clock: manual, call, start: clock.now(), end: clock.now() + span };
}

describe('every built-in scenario plays under exchange: binance', () => {
  it.each(builtinNames())('%s: start to end over Binance REST, its faults in Binance\'s words, the money audit clean', async (name) => {
    const t = await play(name);
    const seen = new Map<string, Seen>();
    const symbolStatus = new Set<string>();
    let systemDown = false;
    for (let now = t.start + 30_000; now <= t.end; now += 50_000) {
      t.clock.advanceTo(Math.max(t.clock.now(), now));
      const info = await t.call('GET', '/api/v3/exchangeInfo', { symbol: 'BTCUSD' });
      if (info.kind === 'ok') symbolStatus.add((JSON.parse(info.body) as { symbols: { status: string }[] }).symbols[0]!.status);
      const sys = await t.call('GET', '/sapi/v1/system/status');
      if (sys.kind === 'ok' && (JSON.parse(sys.body) as { status: number }).status === 1) systemDown = true;
      const placed = await t.call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '1000' }, true);
      if (placed.kind === 'ok') await t.call('DELETE', '/api/v3/order', { symbol: 'BTCUSD', orderId: String((JSON.parse(placed.body) as { orderId: number }).orderId) }, true);
      for (const s of [info, sys, placed, await t.call('GET', '/api/v3/account', {}, true)]) if (!seen.has(s.kind)) seen.set(s.kind, s);
    }
    // No bug answered (a bug is a 500 -1000 the scenario did not script: only abrupt-500s scripts `internal`).
    if (name !== 'abrupt-500s' && name !== 'auth-outage') expect(seen.has('500 -1000')).toBe(false);
    if (seen.has('503 -1008')) expect(JSON.parse(seen.get('503 -1008')!.body)).toEqual({ code: -1008, msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.' });
    if (['overload', 'rate-limit-ban-storm'].includes(name)) expect(seen.has('503 -1008')).toBe(true);
    if (['scheduled-maintenance', 'halt-auto-cancel', 'engine-halt-queued'].includes(name)) {
      expect(symbolStatus.has('BREAK')).toBe(true);
      expect(systemDown).toBe(true);
    }
    if (name === 'scheduled-maintenance') expect(symbolStatus.has('HALT')).toBe(true);
    if (name === 'calm') expect([...seen.keys()]).toEqual(['ok']);
    expect(auditExchange(t.exchange)).toEqual([]);
  }, 120_000);
});
