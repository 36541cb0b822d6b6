/**
 * Bad input under Binance: every route, given random parameters (validly signed where it needs a
 * signature, so the routes' own parsing is reached), answers Binance's way — a success, or a
 * `{code,msg}` error with a documented code — never an internal error, and never leaves the
 * books or balances inconsistent (the money audit stays clean).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { createBinanceApi, type BinanceRequest, type BinanceResponse } from '../src/api/binance/rest/handler.js';
import { ROUTES } from '../src/api/binance/rest/routes/index.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import { auditExchange } from '../src/control/audit.js';
import type { Account } from '../src/exchange/account.js';
import type { Exchange } from '../src/exchange/exchange.js';
import { fuzzRuns, fuzzTimeout } from './fuzz-scale.js';

/** Parameter names Binance routes read, so random queries reach real argument parsing. */
const FIELDS = [
  'symbol', 'symbols', 'side', 'type', 'timeInForce', 'quantity', 'quoteOrderQty', 'price', 'stopPrice', 'newClientOrderId', 'newOrderRespType',
  'orderId', 'origClientOrderId', 'limit', 'fromId', 'startTime', 'endTime', 'interval', 'windowSize', 'recvWindow', 'selfTradePreventionMode',
  'cancelReplaceMode', 'cancelOrderId', 'cancelOrigClientOrderId', 'trailingDelta', 'icebergQty', 'listenKey', 'omitZeroBalances', '__proto__',
];
const nasty = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('BTCUSDT', 'BTCUSD', 'btcusdt', 'ETHBTC', '["BTCUSDT","ETHBTC"]', '[]', 'BUY', 'SELL', 'LIMIT', 'MARKET', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT',
    'GTC', 'IOC', 'FOK', 'FULL', 'ACK', '1m', '1M', 'EXPIRE_MAKER', 'NONE', 'STOP_ON_FAILURE', 'ALLOW_FAILURE'),
  fc.constantFrom('-1', '0', '1e309', 'NaN', '99999999999999999999999999999999', '0.000000000000000000001', '0.001', '50000.0', '1.5', ''),
  fc.integer().map(String), fc.double().map(String),
);
const paramsArb = fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 8 });

/** Codes an answer may carry: Binance's documented ones (never -1000, the "unknown error" of a bug). */
const isBinanceError = (r: BinanceResponse): boolean => {
  const body = JSON.parse(r.body) as { code?: unknown; msg?: unknown };
  return typeof body.code === 'number' && body.code < 0 && body.code !== -1000 && typeof body.msg === 'string' && body.msg.length > 0;
};

describe('bad input under Binance never crashes, never half-applies', () => {
  let exchange: Exchange;
  let clock: ManualClock;
  let account: Account;
  let api: (req: BinanceRequest) => BinanceResponse;

  beforeAll(async () => {
    const made = await createExchange({ scenario: 'calm', exchange: 'binance', clock: 'manual' });
    exchange = made.exchange;
    clock = made.clock as ManualClock;
    clock.advance(60_000);
    account = [...exchange.accounts.values()][0]!;
    api = createBinanceApi(exchange, clock);
  });

  it('every route answers random parameters (query or form body, signed where needed) with a success or a documented {code,msg}', () => {
    fc.assert(fc.property(fc.constantFrom(...ROUTES), paramsArb, fc.boolean(), (route, params, inBody) => {
      let text = new URLSearchParams(params).toString();
      const headers: Record<string, string> = {};
      if (route.security !== 'NONE') headers['x-mbx-apikey'] = account.spec.key;
      if (route.security === 'SIGNED') {
        text = `${text}${text ? '&' : ''}timestamp=${clock.now()}`;
        text = `${text}&signature=${signPayload(text, account.spec.secret)}`;
      }
      const body = inBody && route.method !== 'GET';
      const r = api({ method: route.method, path: route.path, query: body ? '' : text, body: body ? text : '', headers, ip: '10.1.2.3' });
      expect(r.status, `${route.method} ${route.path}?${text}: ${r.body}`).not.toBe(500);
      if (r.status === 200) expect(() => JSON.parse(r.body)).not.toThrow();
      else expect(isBinanceError(r), `${route.method} ${route.path}?${text}: ${r.status} ${r.body}`).toBe(true);
      clock.advance(50);
    }), { numRuns: fuzzRuns(600), seed: 4321 });
    expect(auditExchange(exchange)).toEqual([]);
  }, fuzzTimeout());
});
