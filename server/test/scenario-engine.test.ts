import { describe, expect, it } from 'vitest';
import { parseScenario, formatIssue } from '../src/scenario/load.js';
import { expandTimeline } from '../src/scenario/timeline.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { scenarioSchema } from '../src/scenario/schema.js';
import { auditExchange } from '../src/control/audit.js';
import { testExchange, type TestExchange } from './kraken-client.js';

const SECRET = Buffer.alloc(64, 9).toString('base64');
const account = { name: 'bot', key: 'bot-key-000001', secret: SECRET, balances: { USD: '100000', XBT: '2' } };

async function run(timeline: ScenarioInput['timeline']): Promise<TestExchange> {
  return testExchange({ scenario: { name: 't', market: { pairs: { 'XBT/USD': { price: 50000 }, 'ETH/USD': null } }, accounts: [account], timeline } });
}

const limitBuy = (price: string, extra: Record<string, unknown> = {}) => ({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price, volume: '0.01', ...extra });

describe('timeline', () => {
  it('expands repeated groups and keeps phases back to back; the last may be open-ended', () => {
    const s = scenarioSchema.parse({
      name: 'flap',
      timeline: [
        { name: 'calm', duration: '1m' },
        { name: 'flapping', repeat: 3, phases: [{ name: 'down', duration: '10s', mode: 'maintenance' }, { name: 'up', duration: '20s' }] },
        { name: 'after' },
      ],
    });
    const phases = expandTimeline(s);
    expect(phases.map((p) => [p.label, p.start, p.end])).toEqual([
      ['calm', 0, 60_000],
      ['flapping #1 / down', 60_000, 70_000], ['flapping #1 / up', 70_000, 90_000],
      ['flapping #2 / down', 90_000, 100_000], ['flapping #2 / up', 100_000, 120_000],
      ['flapping #3 / down', 120_000, 130_000], ['flapping #3 / up', 130_000, 150_000],
      ['after', 150_000, Infinity],
    ]);
  });

  it('refuses impossible timelines with positioned messages', () => {
    const r = parseScenario([
      'name: bad',
      'timeline:',
      '  - name: open',
      '  - name: next',
      '    duration: 1m',
      '  - name: group',
      '    repeat: 2',
      '    mode: maintenance',
      '    phases: [{ name: a, duration: 1s }]',
      '  - name: faulty',
      '    faults:',
      '      - effect: { kind: status, status: 418 }',
      '      - effect: { kind: latency }',
      '      - probability: 0.5',
      '        ramp: { from: 0, to: 1 }',
      '        effect: { kind: hang }',
    ].join('\n'), 'bad.yaml');
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.issues.map(formatIssue);
    expect(messages.join('\n')).toContain('phase "open" needs a duration: only the last phase may be open-ended');
    expect(messages.join('\n')).toContain('`mode` belongs on the nested phases of a repeated group');
    expect(messages.join('\n')).toContain('a latency fault needs exactly one of fixed, uniform or lognormal');
    expect(messages.join('\n')).toContain('give either probability or ramp, not both');
    expect(messages.some((m) => /^bad\.yaml:12:\d+: timeline\.3\.faults\.0\.effect\.status/.test(m))).toBe(true);
  });
});

describe('trading modes', () => {
  it('maintenance: SystemStatus says so, new orders and cancels get EService:Unavailable, the book is frozen', async () => {
    const t = await run([{ name: 'before', duration: '1m' }, { name: 'down', duration: '10m', mode: 'maintenance' }, { name: 'back' }]);
    t.clock.advance(1000);
    const resting = (await t.client.post('AddOrder', limitBuy('40000.0'))).result.txid[0];
    t.clock.advance(60_000);
    expect((await t.client.get('SystemStatus')).result.status).toBe('maintenance');
    expect((await t.client.get('AssetPairs', { pair: 'XBTUSD' })).result.XXBTZUSD.status).toBe('cancel_only');
    expect(await t.client.post('AddOrder', limitBuy('40000.0'))).toEqual({ error: ['EService:Unavailable'] });
    expect(await t.client.post('CancelOrder', { txid: resting })).toEqual({ error: ['EService:Unavailable'] });
    expect(await t.client.post('CancelAll')).toEqual({ error: ['EService:Unavailable'] });
    expect(await t.client.post('CancelOrderBatch', { orders: [resting] }, { json: true })).toEqual({ error: ['EService:Unavailable'] });
    const book = await t.client.get('Depth', { pair: 'XBTUSD', count: 5 });
    const trades = await t.client.get('Trades', { pair: 'XBTUSD' });
    t.clock.advance(120_000);
    expect(await t.client.get('Depth', { pair: 'XBTUSD', count: 5 })).toEqual(book);
    expect((await t.client.get('Trades', { pair: 'XBTUSD' })).result.last).toBe(trades.result.last);
    t.clock.advance(600_000);
    expect((await t.client.get('SystemStatus')).result.status).toBe('online');
    expect((await t.client.post('CancelOrder', { txid: resting })).result).toEqual({ count: 1 });
    expect(auditExchange(t.exchange)).toEqual([]);
  });

  it('cancel_only, post_only and limit_only admit what Kraken admits; per-pair modes override the global one', async () => {
    const t = await run([
      { name: 'cancel', duration: '1m', mode: 'cancel_only' },
      { name: 'post', duration: '1m', mode: 'post_only' },
      { name: 'limit', duration: '1m', mode: { global: 'limit_only', pairs: { 'ETH/USD': 'cancel_only' } } },
    ]);
    expect((await t.client.get('SystemStatus')).result.status).toBe('cancel_only');
    expect(await t.client.post('AddOrder', limitBuy('40000.0'))).toEqual({ error: ['EService:Market in cancel_only mode'] });
    t.clock.advance(60_000);
    expect(await t.client.post('AddOrder', limitBuy('40000.0'))).toEqual({ error: ['EService:Market in post_only mode'] });
    expect((await t.client.post('AddOrder', limitBuy('40000.0', { oflags: 'post' }))).result.txid).toHaveLength(1);
    t.clock.advance(60_000);
    expect(await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' }))
      .toEqual({ error: ['EService:Market in limit_only mode'] });
    expect((await t.client.post('AddOrder', limitBuy('40000.0'))).result.txid).toHaveLength(1);
    expect(await t.client.post('AddOrder', { pair: 'ETHUSD', type: 'buy', ordertype: 'limit', price: '1000.00', volume: '0.01' }))
      .toEqual({ error: ['EService:Market in cancel_only mode'] });
    const pairs = (await t.client.get('AssetPairs', { pair: 'XBTUSD,ETHUSD' })).result;
    expect([pairs.XXBTZUSD.status, pairs.XETHZUSD.status]).toEqual(['limit_only', 'cancel_only']);
  });
});

describe('order policy', () => {
  it('cancels resting orders at the phase edge and rejects new ones with the scripted error', async () => {
    const t = await run([
      { name: 'calm', duration: '1m' },
      { name: 'halt', duration: '5m', orders: { onEnter: 'cancel', new: 'reject', rejectWith: 'EService:Busy' } },
      { name: 'back' },
    ]);
    const id = (await t.client.post('AddOrder', limitBuy('40000.0'))).result.txid[0];
    t.clock.advance(60_000);
    const o = (await t.client.post('QueryOrders', { txid: id })).result[id];
    expect(o).toMatchObject({ status: 'canceled', reason: 'Cancelled by the exchange', closetm: (Date.UTC(2026, 0, 1) + 60_000) / 1000 });
    expect(await t.client.post('AddOrder', limitBuy('40000.0'))).toEqual({ error: ['EService:Busy'] });
    expect((await t.client.post('BalanceEx')).result.ZUSD.hold_trade).toBe('0.0000');
  });

  it('queues new orders during the outage and matches them against the market as it is at recovery', async () => {
    const t = await run([
      { name: 'outage', duration: '2m', orders: { new: 'queue' } },
      { name: 'recovered' },
    ]);
    const r = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' });
    const id = r.result.txid[0];
    expect((await t.client.post('QueryOrders', { txid: id })).result[id].status).toBe('pending');
    t.clock.advance(60_000);
    expect((await t.client.post('QueryOrders', { txid: id })).result[id].status).toBe('pending');
    t.clock.advance(60_000);
    const done = (await t.client.post('QueryOrders', { txid: id, trades: true })).result[id];
    expect(done.status).toBe('closed');
    const fill = Object.values((await t.client.post('QueryTrades', { txid: done.trades[0] })).result)[0] as { time: number };
    expect(fill.time).toBe((Date.UTC(2026, 0, 1) + 120_000) / 1000);
    expect(auditExchange(t.exchange)).toEqual([]);
  });

  it('regression: orders queued through a halt meet the book as it is at recovery, not the frozen one', async () => {
    const t = await run([
      { name: 'halt', duration: '10m', mode: 'maintenance', orders: { new: 'queue' } },
      { name: 'recovery', events: { gap: -10 } },
    ]);
    const before = Number((await t.client.get('Depth', { pair: 'XBTUSD', count: 1 })).result.XXBTZUSD.asks[0][0]);
    const id = (await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' })).result.txid[0];
    t.clock.advance(600_000);
    const o = (await t.client.post('QueryOrders', { txid: id })).result[id];
    expect(o.status).toBe('closed');
    expect(Number(o.price)).toBeLessThan(before * 0.93);
    expect(o.closetm).toBe((Date.UTC(2026, 0, 1) + 600_000) / 1000);
  });

  it('suspended triggers: a stop whose price is crossed does not fire until triggers are active again', async () => {
    const t = await run([{ name: 'feeds down', duration: '30m', orders: { triggers: 'suspended' }, events: { volatility: 20 } }, { name: 'back' }]);
    const last = Number((await t.client.get('Ticker', { pair: 'XBTUSD' })).result.XXBTZUSD.c[0]);
    const stop = (Math.round(last * 0.999 * 10) / 10).toFixed(1);
    const id = (await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'stop-loss', price: stop, volume: '0.01' })).result.txid[0];
    let crossed = false;
    for (let i = 0; i < 180 && !crossed; i++) {
      t.clock.advance(10_000);
      crossed = Number((await t.client.get('Ticker', { pair: 'XBTUSD' })).result.XXBTZUSD.c[0]) <= Number(stop);
    }
    expect(crossed).toBe(true);
    expect((await t.client.post('QueryOrders', { txid: id })).result[id].status).toBe('open');
    t.clock.advance(30 * 60_000);
    let status = 'open';
    for (let i = 0; i < 360 && status === 'open'; i++) {
      t.clock.advance(10_000);
      status = (await t.client.post('QueryOrders', { txid: id })).result[id].status;
    }
    expect(status).toBe('closed');
  });

  it('a price gap at the phase edge moves the market by the scripted percentage', async () => {
    const t = await run([{ name: 'before', duration: '1m' }, { name: 'crash', events: { gap: -10 } }]);
    t.clock.advance(59_000);
    const before = Number((await t.client.get('Depth', { pair: 'XBTUSD', count: 1 })).result.XXBTZUSD.bids[0][0]);
    t.clock.advance(2_000);
    const after = Number((await t.client.get('Depth', { pair: 'XBTUSD', count: 1 })).result.XXBTZUSD.bids[0][0]);
    expect(after / before).toBeGreaterThan(0.88);
    expect(after / before).toBeLessThan(0.92);
  });
});

describe('schedules', () => {
  it('`at` starts a phase at an offset from the start; the phase before lasts until then', () => {
    const s = scenarioSchema.parse({ name: 'x', timeline: [{ name: 'calm' }, { name: 'maint', at: '1h', duration: '30m', mode: 'maintenance' }, { name: 'after' }] });
    expect(expandTimeline(s).map((p) => [p.name, p.start, p.end])).toEqual([['calm', 0, 3_600_000], ['maint', 3_600_000, 5_400_000], ['after', 5_400_000, Infinity]]);
    const r = parseScenario('name: x\ntimeline:\n  - name: a\n    duration: 2h\n  - name: b\n    at: 1h\n', 'x.yaml');
    expect(r.ok ? [] : r.issues.map(formatIssue)).toEqual(['x.yaml:2:1: timeline: phase "b" starts at 1h but the phase before it ("a") ends at 2h']);
  });

  it('a looping timeline starts over: modes, edges and fault counters repeat every cycle', async () => {
    const t = await testExchange({
      scenario: {
        name: 'loop', loop: true, accounts: [account],
        timeline: [
          { name: 'up', duration: '1m' },
          { name: 'down', duration: '30s', mode: 'maintenance', faults: [{ match: { route: 'Time' }, first: 1, effect: { kind: 'error', error: 'EService:Busy' } }] },
        ],
      },
    });
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      t.clock.advanceTo(Date.UTC(2026, 0, 1) + i * 45_000 + (i % 2 ? 20_000 : 0));
      seen.push((await t.client.get('SystemStatus')).result.status);
      seen.push(JSON.stringify((await t.client.get('Time')).error));
      seen.push(JSON.stringify((await t.client.get('Time')).error));
    }
    expect(seen).toEqual([
      'online', '[]', '[]', // 0s: up (cycle 0)
      'maintenance', '["EService:Busy"]', '[]', // 65s: down (cycle 0)
      'online', '[]', '[]', // 90s: up (cycle 1)
      'maintenance', '["EService:Busy"]', '[]', // 155s: down (cycle 1): first: 1 counts again
      'online', '[]', '[]', // 180s: up (cycle 2)
      'maintenance', '["EService:Busy"]', '[]', // 245s: down (cycle 2)
    ]);
    expect(scenarioSchema.safeParse({ name: 'x', loop: true, timeline: [{ name: 'open' }] }).success).toBe(false);
  });
});

describe('funding policy', () => {
  it('wallets down: deposits credited after recovery plus confirmations, withdrawals queued (fiat later), addresses unavailable', async () => {
    const t = await testExchange({
      scenario: {
        name: 'wallets', accounts: [{ ...account, balances: { USD: '100000', XBT: '2', ETH: '1' } }],
        timeline: [
          { name: 'wallets down', duration: '1h', funding: { assets: ['XBT', 'USD'], deposits: 'delay', withdrawals: 'queue', addresses: 'disabled', fiatDelay: '2h' } },
          { name: 'back' },
        ],
      },
    });
    const START = Date.UTC(2026, 0, 1);
    const assets = (await t.client.get('Assets', { asset: 'XBT,ETH' })).result;
    expect([assets.XXBT.status, assets.XETH.status]).toEqual(['funding_temporarily_disabled', 'enabled']);
    expect(await t.client.post('DepositAddresses', { asset: 'XBT', method: 'Bitcoin' })).toEqual({ error: ['EService:Unavailable'] });
    expect((await t.client.post('DepositAddresses', { asset: 'ETH', method: 'Ether (Hex)' })).error).toEqual([]);
    const { assetByCode } = await import('../src/exchange/assets.js');
    t.exchange.funding.deposit('bot', assetByCode('BTC'), 5n * 10n ** 17n, t.clock.now());
    t.clock.advance(10 * 60_000);
    const btc = (await t.client.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.5' })).result.refid;
    const usd = (await t.client.post('Withdraw', { asset: 'USD', key: 'usd-bank-1', amount: '1000' })).result.refid;
    t.clock.advanceTo(START + 60 * 60_000 - 1);
    const status = async () => Object.fromEntries(((await t.client.post('WithdrawStatus')).result as { refid: string; status: string; time: number }[]).map((w) => [w.refid, [w.status, w.time]]));
    expect(await status()).toEqual({ [btc]: ['Initial', (START + 600_000) / 1000], [usd]: ['Initial', (START + 600_000) / 1000] });
    expect((await t.client.post('DepositStatus')).result[0].status).toBe('Pending');
    t.clock.advanceTo(START + 60 * 60_000);
    expect(await status()).toMatchObject({ [btc]: ['Pending', (START + 3_600_000) / 1000], [usd]: ['Initial', (START + 600_000) / 1000] });
    t.clock.advanceTo(START + 90 * 60_000 - 1);
    expect((await t.client.post('DepositStatus')).result[0].status).toBe('Pending');
    t.clock.advanceTo(START + 90 * 60_000);
    expect((await t.client.post('DepositStatus')).result[0].status).toBe('Success');
    t.clock.advanceTo(START + 3 * 3_600_000);
    expect((await status())[usd]).toEqual(['Pending', (START + 3 * 3_600_000) / 1000]);
    expect(auditExchange(t.exchange)).toEqual([]);
  });

  it('rejected withdrawals leave the funds where they were', async () => {
    const t = await run([{ name: 'no withdrawals', funding: { withdrawals: 'reject', rejectWith: 'EFunding:Withdrawals temporarily disabled' } }]);
    expect(await t.client.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.5' })).toEqual({ error: ['EFunding:Withdrawals temporarily disabled'] });
    expect((await t.client.post('Balance')).result.XXBT).toBe('2.0000000000');
    expect((await t.client.get('Assets', { asset: 'XBT' })).result.XXBT.status).toBe('deposit_only');
  });
});

describe('market events', () => {
  it('B12: a post-recovery backlog makes trading busier and prices jumpier for a while, then calms', async () => {
    const t = await run([
      { name: 'halt', duration: '10m', mode: 'maintenance' },
      { name: 'recovery', duration: '20m', events: { backlog: { duration: '2m', volatility: 10, trades: 8 } } },
    ]);
    const m = t.exchange.market('BTC/USD')!;
    const base = m.volatility;
    const tradesIn = async (ms: number): Promise<number> => {
      const before = m.tape.length ? m.tape[m.tape.length - 1]!.id : 0;
      t.clock.advance(ms);
      await t.client.get('Time');
      return m.tape.filter((x) => x.id > before).length;
    };
    t.clock.advance(600_000);
    await t.client.get('Time');
    expect(m.volatility).toBeCloseTo(base * 10, 6);
    const busy = await tradesIn(120_000);
    expect(m.volatility).toBeCloseTo(base, 6);
    const calm = await tradesIn(120_000);
    expect(busy).toBeGreaterThan(calm * 4);
  });
});

describe('the end of a timeline', () => {
  it('regression: a bounded last phase does not freeze the server; calm (online, no faults) follows it', async () => {
    const t = await run([{ name: 'down', duration: '1m', mode: 'maintenance', faults: [{ match: { route: 'Time' }, effect: { kind: 'error', error: 'EService:Busy' } }] }]);
    expect((await t.client.get('SystemStatus')).result.status).toBe('maintenance');
    t.clock.advance(60_000);
    expect((await t.client.get('SystemStatus')).result.status).toBe('online');
    expect((await t.client.get('Time')).error).toEqual([]);
    t.clock.advance(3_600_000);
    expect((await t.client.get('Time')).error).toEqual([]);
  });

  it('per-pair maintenance refuses cancels on that pair; limit_only keeps matching but refuses market orders', async () => {
    const t = await run([{ name: 'p', mode: { global: 'limit_only', pairs: { 'ETH/USD': 'maintenance' } } }]);
    t.clock.advance(1_000);
    const tape = t.exchange.market('BTC/USD')!.tape.length;
    t.clock.advance(60_000);
    await t.client.get('Time');
    expect(t.exchange.market('BTC/USD')!.tape.length).toBeGreaterThan(tape);
    expect((await t.client.post('CancelOrder', { txid: 'OAAAAA-AAAAA-AAAAAA' })).error).toEqual(['EOrder:Unknown order']);
    const eth = t.exchange.market('ETH/USD')!;
    expect(eth.frozen).toBe(true);
  });
});

describe('funding in an outage that never ends', () => {
  it('queued withdrawals and delayed deposits stay where they are; the withdrawal can still be cancelled', async () => {
    const t = await run([{ name: 'forever', funding: { deposits: 'delay', withdrawals: 'queue' } }]);
    const { assetByCode } = await import('../src/exchange/assets.js');
    t.exchange.funding.deposit('bot', assetByCode('BTC'), 10n ** 17n, t.clock.now());
    const refid = (await t.client.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.5' })).result.refid;
    t.clock.advance(6 * 3_600_000);
    expect((await t.client.post('WithdrawStatus')).result[0].status).toBe('Initial');
    expect((await t.client.post('DepositStatus')).result[0].status).toBe('Pending');
    expect((await t.client.post('WithdrawCancel', { asset: 'XBT', refid })).result).toBe(true);
    expect((await t.client.post('Balance')).result.XXBT).toBe('2.0000000000');
  });
});
