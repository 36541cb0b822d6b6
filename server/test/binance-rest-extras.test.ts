import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { binanceHttpHandler } from '../src/api/binance/rest/http.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { Account } from '../src/exchange/account.js';
import { fmt } from '../src/exchange/decimal.js';
import type { Exchange } from '../src/exchange/exchange.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

let server: Server | undefined;
let base: string;
let exchange: Exchange;
let clock: ManualClock;
let account: Account;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(scenario: string | ScenarioInput = 'calm'): Promise<void> {
  const made = await createExchange({ scenario, clock: 'manual' });
  exchange = made.exchange;
  clock = made.clock as ManualClock;
  clock.advance(60_000);
  account = [...exchange.accounts.values()][0]!;
  server = createServer(binanceHttpHandler(exchange, clock));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const get = async (path: string) => {
  const r = await fetch(base + path);
  return { status: r.status, body: (await r.json()) as any, weight: Number(r.headers.get('x-mbx-used-weight-1m')) };
};

const signed = async (path: string, params: Record<string, string> = {}) => {
  const text = new URLSearchParams({ ...params, timestamp: String(clock.now()) }).toString();
  const r = await fetch(`${base}${path}?${text}&signature=${signPayload(text, account.spec.secret)}`, { headers: { 'X-MBX-APIKEY': account.spec.key } });
  return { status: r.status, body: (await r.json()) as any };
};

const post = async (path: string, params: Record<string, string>) => {
  const text = new URLSearchParams({ ...params, timestamp: String(clock.now()) }).toString();
  const r = await fetch(base + path, {
    method: 'POST', headers: { 'X-MBX-APIKEY': account.spec.key, 'content-type': 'application/x-www-form-urlencoded' },
    body: `${text}&signature=${signPayload(text, account.spec.secret)}`,
  });
  return { status: r.status, body: (await r.json()) as any };
};

/** A price `pct` % of the best bid, on BTC/USDT's tick. */
const bidPct = (pct: bigint): string => fmt((exchange.markets.get('BTC/USDT')!.book.best('buy')!.price * pct) / 100n / 10n ** 17n * 10n ** 17n, 1);

const maintenance: ScenarioInput = { name: 'down', timeline: [{ name: 'down', mode: 'maintenance', funding: { deposits: 'delay', withdrawals: 'queue', addresses: 'disabled' } }] };

describe('Binance REST beyond the spot basics', () => {
  it('system/status is normal, and system_maintenance (with every symbol BREAK) when the exchange is in maintenance', async () => {
    await serve();
    expect(await get('/sapi/v1/system/status')).toMatchObject({ status: 200, body: { status: 0, msg: 'normal' }, weight: 1 });
    server!.close();
    await serve(maintenance);
    expect((await get('/sapi/v1/system/status')).body).toEqual({ status: 1, msg: 'system_maintenance' });
    const info = await get('/api/v3/exchangeInfo');
    expect(new Set(info.body.symbols.map((s: { status: string }) => s.status))).toEqual(new Set(['BREAK']));
  });

  it('futures and margin listings are empty; futures exchangeInfo keeps its envelope', async () => {
    await serve();
    expect((await get('/fapi/v1/exchangeInfo')).body).toEqual({
      timezone: 'UTC', serverTime: clock.now(), rateLimits: [], exchangeFilters: [], futuresType: 'U_MARGINED', assets: [], symbols: [],
    });
    expect((await get('/dapi/v1/exchangeInfo')).body).toEqual({ timezone: 'UTC', serverTime: clock.now(), rateLimits: [], exchangeFilters: [], symbols: [] });
    expect((await get('/sapi/v1/margin/allPairs')).body).toEqual([]);
    expect((await signed('/sapi/v1/margin/isolated/allPairs')).body).toEqual([]);
    expect((await get('/sapi/v1/margin/isolated/allPairs')).body.code).toBe(-2014); // SIGNED: no key
  });

  it('capital/config/getall: one network per coin, enabled flags from the funding conditions', async () => {
    await serve();
    const btc = (await signed('/sapi/v1/capital/config/getall')).body.find((c: { coin: string }) => c.coin === 'BTC');
    expect(btc).toMatchObject({ coin: 'BTC', name: 'Bitcoin', depositAllEnable: true, withdrawAllEnable: true, isLegalMoney: false, trading: true });
    expect(btc.networkList).toEqual([expect.objectContaining({
      network: 'BTC', coin: 'BTC', isDefault: true, depositEnable: true, withdrawEnable: true,
      withdrawFee: '0.00015000', withdrawMin: '0.00050000', depositDust: '0.00010000', withdrawIntegerMultiple: '0.00000001', minConfirm: 3,
    })]);
    server!.close();
    await serve(maintenance);
    const down = (await signed('/sapi/v1/capital/config/getall')).body.find((c: { coin: string }) => c.coin === 'USDT');
    expect([down.depositAllEnable, down.withdrawAllEnable, down.networkList[0].network, down.networkList[0].withdrawEnable]).toEqual([false, false, 'ETH', false]);
  });

  it('aggTrades: one aggregate per tape trade (a = f = l = the tape id), fromId and time windows', async () => {
    await serve();
    const r = await get('/api/v3/aggTrades?symbol=BTCUSDT&limit=2');
    // The request caught the market up with the clock; the tape read now is the one it answered from.
    const tape = exchange.markets.get('BTC/USDT')!.tape;
    const last = tape[tape.length - 1]!;
    expect(r.weight).toBe(4);
    expect(r.body[1]).toEqual({ a: last.id, p: fmt(last.price, 8), q: fmt(last.qty, 8), f: last.id, l: last.id, T: Math.floor(last.time), m: last.side === 'sell', M: true });
    const from = tape[tape.length - 10]!;
    const page = (await get(`/api/v3/aggTrades?symbol=BTCUSDT&fromId=${from.id}&limit=3`)).body;
    expect(page.map((t: { a: number }) => t.a)).toEqual(tape.slice(-10, -7).map((t) => t.id));
    const start = Math.floor(from.time);
    const windowed = (await get(`/api/v3/aggTrades?symbol=BTCUSDT&startTime=${start}&endTime=${Math.floor(last.time)}`)).body;
    expect(windowed.every((t: { T: number }) => t.T >= start)).toBe(true);
    expect(windowed[windowed.length - 1].a).toBe(last.id);
    expect((await get(`/api/v3/historicalTrades?symbol=BTCUSDT&fromId=${from.id}&limit=1`)).body[0].id).toBe(from.id);
  });

  it('account/commission: the fee tier\'s rates for the symbol, no special, tax or discount', async () => {
    await serve();
    const r = await signed('/api/v3/account/commission', { symbol: 'BTCUSDT' });
    expect(r.body).toEqual({
      symbol: 'BTCUSDT',
      standardCommission: { maker: '0.00250000', taker: '0.00400000', buyer: '0.00000000', seller: '0.00000000' },
      specialCommission: { maker: '0.00000000', taker: '0.00000000', buyer: '0.00000000', seller: '0.00000000' },
      taxCommission: { maker: '0.00000000', taker: '0.00000000', buyer: '0.00000000', seller: '0.00000000' },
      discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0.00000000' },
    });
    expect((await signed('/api/v3/account/commission')).body.code).toBe(-1102);
  });

  it('cancelReplace: both halves done; -2022 when the cancel fails (nothing placed on STOP_ON_FAILURE); -2021 on 409 when only one half is done', async () => {
    await serve();
    const limit = (price: string, extra: Record<string, string> = {}) => ({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price, ...extra });
    const first = (await post('/api/v3/order', limit(bidPct(90n), { newClientOrderId: 'first' }))).body;
    const ok = await post('/api/v3/order/cancelReplace', limit(bidPct(80n), { cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrigClientOrderId: 'first', newClientOrderId: 'second', newOrderRespType: 'ACK' }));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS', cancelResponse: { orderId: first.orderId, status: 'CANCELED', origClientOrderId: 'first' }, newOrderResponse: { clientOrderId: 'second', orderListId: -1 } });
    const unknown = { cancelResponse: { code: -2011, msg: 'Unknown order sent.' } };
    const stop = await post('/api/v3/order/cancelReplace', limit(bidPct(80n), { cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: String(first.orderId) }));
    expect([stop.status, stop.body]).toEqual([400, { code: -2022, msg: 'Order cancel-replace failed.', data: { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED', ...unknown, newOrderResponse: null } }]);
    const allow = await post('/api/v3/order/cancelReplace', limit(bidPct(70n), { cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: String(first.orderId), newClientOrderId: 'third' }));
    expect(allow.status).toBe(409);
    expect(allow.body).toMatchObject({ code: -2021, msg: 'Order cancel-replace partially failed.', data: { cancelResult: 'FAILURE', newOrderResult: 'SUCCESS', ...unknown, newOrderResponse: { clientOrderId: 'third', status: 'NEW' } } });
    const taker = await post('/api/v3/order/cancelReplace', {
      symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', quantity: '0.01', price: bidPct(120n), cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrigClientOrderId: 'third',
    });
    expect(taker.status).toBe(409);
    expect(taker.body).toMatchObject({ code: -2021, data: { cancelResult: 'SUCCESS', newOrderResult: 'FAILURE', cancelResponse: { status: 'CANCELED', origClientOrderId: 'third' }, newOrderResponse: { code: -2010, msg: 'Order would immediately match and take.' } } });
    const open = (await signed('/api/v3/openOrders', { symbol: 'BTCUSDT' })).body.map((o: { clientOrderId: string }) => o.clientOrderId);
    expect(open).toEqual(['second']);
    expect((await post('/api/v3/order/cancelReplace', limit(bidPct(80n), { cancelReplaceMode: 'SOMETIMES', cancelOrderId: '1' }))).body.code).toBe(-1130);
  });
});
