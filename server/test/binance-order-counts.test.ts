import { describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { createBinanceApi } from '../src/api/binance/rest/handler.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import { fmt } from '../src/exchange/decimal.js';

const TICK = 10n ** 17n; // 0.1 in the core's 18-decimal units: BTCUSD's price step

/**
 * Two accounts on a Binance exchange whose ORDERS count is 5 per 10 s (`trading` a tenth of the
 * intermediate tier's, as in binance-limits.test.ts), at the start of a 10-second window.
 */
async function counted() {
  const balances = { USD: '1000000', BTC: '100' };
  const made = await createExchange({
    scenario: { name: 'order-counts', exchange: 'binance', rateLimits: { trading: { max: 14.84, decay: 0 } }, accounts: [{ name: 'a', balances }, { name: 'b', balances }] },
    clock: 'manual',
  });
  const clock = made.clock as ManualClock;
  clock.advance(10_000 - (clock.now() % 10_000));
  made.exchange.sync(clock.now()); // the book as the first request will find it
  const api = createBinanceApi(made.exchange, clock);
  const book = made.exchange.markets.get('BTC/USD')!.book;
  const order = (name: string, params: string) => {
    const account = made.exchange.accounts.get(name)!;
    const text = `symbol=BTCUSD&${params}&timestamp=${clock.now()}`;
    return api({ method: 'POST', path: '/api/v3/order', query: '', headers: { 'x-mbx-apikey': account.spec.key }, body: `${text}&signature=${signPayload(text, account.spec.secret)}` });
  };
  const farBid = fmt(book.best('buy')!.price * 9n / 10n / TICK * TICK, 1);
  return { clock, book, order, resting: (name = 'a') => order(name, `side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=${farBid}`) };
}

describe('Binance ORDERS counts: an order\'s first fill takes its count back (reference §3.1)', () => {
  it('placements that fill at once never reach -1015 where as many resting ones do', async () => {
    const filling = await counted();
    for (let i = 0; i < 8; i++) {
      const r = filling.order('a', 'side=BUY&type=MARKET&quantity=0.001');
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ status: 'FILLED' });
      expect(r.headers).toMatchObject({ 'x-mbx-order-count-10s': '0', 'x-mbx-order-count-1d': '0' });
    }
    const resting = await counted();
    for (let i = 1; i <= 5; i++) expect(resting.resting().headers['x-mbx-order-count-10s']).toBe(String(i));
    const over = resting.resting();
    expect(over.status).toBe(429);
    expect(JSON.parse(over.body)).toMatchObject({ code: -1015 });
  });

  it('a resting order\'s first fill lowers its account\'s counts by one (later fills of it do not)', async () => {
    const { book, order, resting } = await counted();
    const bid = book.best('buy')!.price;
    const ask = book.best('sell')!.price;
    const inside = (bid + ask) / 2n / TICK * TICK;
    expect(inside).toBeGreaterThan(bid);
    for (let i = 0; i < 4; i++) resting();
    const top = order('a', `side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.002&price=${fmt(inside, 1)}`);
    expect(top.headers['x-mbx-order-count-10s']).toBe('5');
    expect(resting().status).toBe(429);
    // b's market sells trade with a's order at the top of the book: the first fill frees one count of a's.
    expect(order('b', 'side=SELL&type=MARKET&quantity=0.001').headers['x-mbx-order-count-10s']).toBe('0');
    const next = resting();
    expect(next.status).toBe(200);
    expect(next.headers).toMatchObject({ 'x-mbx-order-count-10s': '5', 'x-mbx-order-count-1d': '5' });
    order('b', 'side=SELL&type=MARKET&quantity=0.001');
    expect(resting().status).toBe(429);
  });
});
