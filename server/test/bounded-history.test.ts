import { describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { HELP, parseCommand } from '../src/cli.js';
import { auditExchange } from '../src/control/audit.js';
import { DEFAULT_HISTORY } from '../src/exchange/account.js';
import { testExchange, type TestExchange } from './kraken-client.js';

const SECRET = Buffer.alloc(64, 7).toString('base64');
const SCENARIO = {
  name: 'history',
  market: { pairs: { 'XBT/USD': { price: 50000, volatility: 0.5 } } },
  accounts: [{ name: 'alice', key: 'alice-key-0001', secret: SECRET, balances: { USD: '100000', XBT: '1' }, feeTier: 0, tier: 'intermediate' as const, nonceWindow: 0 }],
};

/** Places `n` market buys (each fills at once and ends) and returns their txids, oldest first. */
async function marketBuys(t: TestExchange, n: number): Promise<string[]> {
  const txids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.001' });
    expect(r.error).toEqual([]);
    txids.push(r.result.txid[0]);
  }
  return txids;
}

describe('bounded order history (--order-history)', () => {
  it('forgets the oldest ended orders with their fills, never an open order; Kraken queries stop finding them; the audit stays clean', async () => {
    const t = await testExchange({ scenario: SCENARIO, orderHistory: 5 });
    t.clock.advance(5_000);
    const bid = Number((await t.client.get('Depth', { pair: 'XBTUSD', count: 1 })).result.XXBTZUSD.bids[0][0]);
    const resting = (await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: (bid - 5000).toFixed(1), volume: '0.01' })).result.txid[0];
    const txids = await marketBuys(t, 12);
    const [forgotten, kept] = [txids.slice(0, 7), txids.slice(7)];
    const { trading } = t.exchange;

    expect([...trading.orders.keys()].sort()).toEqual([resting, ...kept].sort());
    const closed = (await t.client.post('ClosedOrders')).result;
    expect(closed.count).toBe(5);
    expect(Object.keys(closed.closed).sort()).toEqual([...kept].sort());
    expect(Object.keys((await t.client.post('OpenOrders')).result.open)).toEqual([resting]);
    expect((await t.client.post('QueryOrders', { txid: forgotten.slice(0, 3).join(',') })).result).toEqual({});
    expect(Object.keys((await t.client.post('QueryOrders', { txid: kept.slice(0, 3).join(',') })).result).sort()).toEqual(kept.slice(0, 3).sort());
    const keptFills = kept.flatMap((id) => trading.orders.get(id)!.trades);
    const trades = (await t.client.post('TradesHistory')).result;
    expect(Object.keys(trades.trades).sort()).toEqual([...keptFills].sort());
    expect(trades.count).toBe(keptFills.length);
    expect(trading.tally.orders).toBe(13);
    expect(trading.tally.forgottenOrders).toBe(7);
    expect(trading.tally.forgottenFills).toBe(trading.tally.fills - keptFills.length);
    expect(trading.tally.forgottenFills).toBeGreaterThanOrEqual(7);
    expect(auditExchange(t.exchange)).toEqual([]);
  });

  it('bounds each ledger to as many entries, carrying an opening balance that still explains every balance', async () => {
    const t = await testExchange({ scenario: SCENARIO, orderHistory: 5 });
    t.clock.advance(5_000);
    await marketBuys(t, 6);
    const alice = t.exchange.accounts.get('alice')!;
    expect(alice.ledger).toHaveLength(5);
    expect(alice.forgotten.entries).toBeGreaterThanOrEqual(7);
    expect(alice.opening.get('USD')).toBeLessThan(alice.spec.balances.USD!);
    const ledger = (await t.client.post('Ledgers')).result;
    expect(Object.keys(ledger.ledger).sort()).toEqual(alice.ledger.map((e) => e.id).sort());
    const usd = alice.ledger.filter((e) => e.asset === 'USD');
    expect(usd.at(-1)!.balance).toBe(alice.balance('USD'));
    expect(auditExchange(t.exchange)).toEqual([]);
  });

  it('the audit still catches, after pruning, money without a ledger entry, a forgotten entry that did not chain and a lost fill', async () => {
    const t = await testExchange({ scenario: SCENARIO });
    t.clock.advance(5_000);
    await marketBuys(t, 6);
    const alice = t.exchange.accounts.get('alice')!;
    expect(auditExchange(t.exchange)).toEqual([]);
    const broken = alice.ledger[1]!;
    broken.balance += 1n;
    t.exchange.trading.historyLimit = 3;
    expect(alice.ledger).toHaveLength(3);
    expect(alice.forgotten.unexplained).toContain(broken.id);
    const problems = auditExchange(t.exchange);
    expect(problems).toContainEqual(expect.stringContaining(`forgotten ledger entries ${broken.id}`));

    const u = await testExchange({ scenario: SCENARIO, orderHistory: 3 });
    u.clock.advance(5_000);
    await marketBuys(u, 6);
    expect(auditExchange(u.exchange)).toEqual([]);
    const other = u.exchange.accounts.get('alice')!;
    other.balances.set('USD', other.balance('USD') + 1n);
    const [order] = [...u.exchange.trading.orders.values()];
    u.exchange.trading.fills.delete(order!.trades[0]!);
    expect(auditExchange(u.exchange)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^alice USD: ledger says \d+, balance \d+$/),
      expect.stringMatching(/^fills: \d+ held \+ \d+ forgotten ≠ \d+ made$/),
      `${order!.id}: its fill ${order!.trades[0]} is lost`,
    ]));
  });

  it('keeps the open and pending orders apart from the history, in placement order, and the audit checks the two agree', async () => {
    const t = await testExchange({ scenario: SCENARIO });
    t.clock.advance(5_000);
    const bid = Number((await t.client.get('Depth', { pair: 'XBTUSD', count: 1 })).result.XXBTZUSD.bids[0][0]);
    const rest = async (offset: number): Promise<string> => (await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: (bid - offset).toFixed(1), volume: '0.01' })).result.txid[0];
    const first = await rest(5000);
    await marketBuys(t, 4);
    const second = await rest(6000);
    const { trading } = t.exchange;
    expect(trading.orders.size).toBe(6);
    expect([...trading.liveOrders()].map((o) => o.id)).toEqual([first, second]);
    expect((await t.client.post('CancelOrder', { txid: first })).error).toEqual([]);
    expect([...trading.liveOrders()].map((o) => o.id)).toEqual([second]);
    expect(auditExchange(t.exchange)).toEqual([]);

    // An order ended behind the engine's back is caught: still listed as live, one fewer open.
    trading.orders.get(second)!.status = 'expired';
    expect(auditExchange(t.exchange)).toEqual(expect.arrayContaining([`${second}: listed as live but expired`, 'orders: 0 open or pending, 1 listed as live']));
  });

  it('--order-history / CHAOS_EXCHANGE_ORDER_HISTORY reach the exchange; unset means the default; bad values are errors', async () => {
    const serve = (argv: string[], env: Record<string, string> = {}) => {
      const cmd = parseCommand(argv, env);
      return cmd.kind === 'serve' ? cmd.options.orderHistory : cmd;
    };
    expect(serve(['--order-history', '7'])).toBe(7);
    expect(serve([], { CHAOS_EXCHANGE_ORDER_HISTORY: '9' })).toBe(9);
    expect(serve(['--order-history=3'], { CHAOS_EXCHANGE_ORDER_HISTORY: '9' })).toBe(3);
    expect(serve([], { CHAOS_EXCHANGE_ORDER_HISTORY: '' })).toBeUndefined();
    for (const bad of ['0', '-1', 'lots', '1.5']) {
      expect(serve([`--order-history=${bad}`])).toEqual({ kind: 'error', message: `--order-history expects a positive integer, got "${bad}"` });
    }
    expect(HELP).toMatch(/--order-history N .*\n.*\n.*\[CHAOS_EXCHANGE_ORDER_HISTORY\] default 10000/);
    const { exchange } = await createExchange({ orderHistory: 11 });
    expect(exchange.trading.historyLimit).toBe(11);
    expect([...exchange.accounts.values()].map((a) => a.ledgerLimit)).toEqual([11]);
    const plain = await createExchange({});
    expect(plain.exchange.trading.historyLimit).toBe(DEFAULT_HISTORY);
    expect(DEFAULT_HISTORY).toBe(10_000);
    expect(() => (plain.exchange.trading.historyLimit = 0)).toThrow('order history must be a positive integer, got 0');
  });
});
