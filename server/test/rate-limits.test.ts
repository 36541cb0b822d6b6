import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { auditExchange } from '../src/control/audit.js';
import { testExchange, TestClient } from './kraken-client.js';

const SECRET = Buffer.alloc(64, 5).toString('base64');
const accounts = [
  { name: 'mid', key: 'mid-key-000001', secret: SECRET, tier: 'intermediate' as const, balances: { USD: '1000000', XBT: '10' } },
  { name: 'new', key: 'new-key-000001', secret: SECRET, tier: 'starter' as const, balances: { USD: '1000000', XBT: '10' } },
];
const limited = (extra: Partial<ScenarioInput> = {}): ScenarioInput => ({
  name: 'limits', market: { pairs: { 'XBT/USD': { price: 50000 } } }, accounts, rateLimits: {}, ...extra,
});

async function errorsOf(n: number, call: () => Promise<{ error: string[] }>): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await call()).error.join(',') || 'ok');
  return out;
}

describe("Kraken's rate limits", () => {
  it('REST call counter per key: intermediate holds 20, decays 0.5/s; history calls cost 2; order entry costs nothing', async () => {
    const t = await testExchange({ scenario: limited() });
    const c = new TestClient(t.app, 'mid-key-000001', SECRET);
    expect(await errorsOf(21, () => c.post('Balance'))).toEqual([...Array(20).fill('ok'), 'EAPI:Rate limit exceeded']);
    // Refused by a limit, as the WebSocket side journals "Exceeded msg rate" and the docs define `refused`.
    expect(t.journal.list().slice(19).map((e) => [e.outcome, e.error])).toEqual([['ok', undefined], ['refused', 'EAPI:Rate limit exceeded']]);
    t.clock.advance(4_000); // −2: room for exactly one more call (the refused call counted too)
    expect(await errorsOf(2, () => c.post('Balance'))).toEqual(['ok', 'EAPI:Rate limit exceeded']);
    t.clock.advance(60_000);
    expect(await errorsOf(11, () => c.post('Ledgers'))).toEqual([...Array(10).fill('ok'), 'EAPI:Rate limit exceeded']);
    const add = await c.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01' });
    expect(add.error).toEqual([]);
  });

  it('trading counter per pair: starter holds 60; cancelling a young order costs 8 more', async () => {
    const t = await testExchange({ scenario: limited() });
    const c = new TestClient(t.app, 'new-key-000001', SECRET);
    const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01' };
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push((await c.post('AddOrder', order)).result.txid[0]);
    expect(await errorsOf(2, () => c.post('CancelOrder', { txid: ids.pop()! }))).toEqual(['ok', 'EOrder:Rate limit exceeded']);
    expect((await c.post('AddOrder', order)).error).toEqual(['EOrder:Rate limit exceeded']);
    expect(t.journal.list().slice(-2).map((e) => [e.route, e.outcome])).toEqual([['CancelOrder', 'refused'], ['AddOrder', 'refused']]);
    t.clock.advance(30_000);
    expect((await c.post('AddOrder', order)).error).toEqual([]);
    t.clock.advance(400_000); // old orders cancel for free
    expect((await c.post('CancelOrderBatch', { orders: ids.slice(0, 40) }, { json: true })).result).toEqual({ count: 40 });
    expect(auditExchange(t.exchange)).toEqual([]);
  });

  it('public calls per IP: over the limit is EGeneral:Too many requests; keep polling and the IP is banned (403), longer each time', async () => {
    const t = await testExchange({ scenario: limited() });
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      const r = await request(t.app).get('/0/public/Time');
      seen.push(r.status === 200 ? (r.body.error[0] ?? 'ok') : String(r.status));
    }
    expect(seen.slice(0, 20)).toEqual(Array(20).fill('ok'));
    expect(seen.slice(20, 50)).toEqual(Array(30).fill('EGeneral:Too many requests'));
    expect(seen.slice(50)).toEqual(Array(10).fill('403'));
    expect(t.journal.list({ limit: 60 }).map((e) => e.outcome)).toEqual([...Array(20).fill('ok'), ...Array(40).fill('refused')]);
    const ban = await request(t.app).get('/0/public/Ticker');
    expect(ban.text).toContain('Error 1020');
    t.clock.advance(59_000);
    expect((await request(t.app).get('/0/public/Time')).status).toBe(403);
    t.clock.advance(1_000);
    expect((await request(t.app).get('/0/public/Time')).status).toBe(200);
    for (let i = 0; i < 60; i++) await request(t.app).get('/0/public/Time');
    t.clock.advance(60_000);
    expect((await request(t.app).get('/0/public/Time')).status).toBe(403); // the second ban lasts 2 minutes
  });

  it('repeated authentication failures lock the key out (EGeneral:Temporary lockout), even for correct calls', async () => {
    const t = await testExchange({ scenario: limited() });
    const c = new TestClient(t.app, 'mid-key-000001', SECRET);
    for (let i = 0; i < 30; i++) expect((await c.post('Balance', {}, { sign: 'AAAA' })).error).toEqual(['EAPI:Invalid signature']);
    expect(await c.post('Balance')).toEqual({ error: ['EGeneral:Temporary lockout'] });
    // A bad signature is the client's error; the lockout it earned is a limit's refusal.
    expect(t.journal.list().slice(-2).map((e) => e.outcome)).toEqual(['error', 'refused']);
    t.clock.advance(60_000);
    expect((await c.post('Balance')).error).toEqual([]);
  });

  it('B20: limits stay enforced during a partial outage, and a phase can tighten them (B14 load shedding)', async () => {
    const t = await testExchange({
      scenario: limited({
        timeline: [
          { name: 'degraded', duration: '10m', mode: 'cancel_only', rateLimits: { rest: { max: 5 } } },
          { name: 'normal' },
        ],
      }),
    });
    const c = new TestClient(t.app, 'mid-key-000001', SECRET);
    expect(await errorsOf(6, () => c.post('Balance'))).toEqual([...Array(5).fill('ok'), 'EAPI:Rate limit exceeded']);
    t.clock.advance(600_000);
    expect(await errorsOf(20, () => c.post('Balance'))).toEqual([...Array(20).fill('ok')]);
  });

  it('limits are off unless the scenario turns them on', async () => {
    const t = await testExchange({ scenario: { name: 'free', accounts } });
    const c = new TestClient(t.app, 'mid-key-000001', SECRET);
    expect(new Set(await errorsOf(50, () => c.post('Balance')))).toEqual(new Set(['ok']));
  });
});
