import { createHmac } from 'node:crypto';
import type { RequestStep } from 'autocannon';
import type { Credentials, Failures } from './orders.js';

/** Binance's symbol the benchmark trades (the scenario's BTC/USD pair). */
export const BINANCE_SYMBOL = 'BTCUSD';

/**
 * A signed Binance request path: the parameters plus `timestamp` (this machine's clock, which the
 * server, serving on the real clock, compares within its receive window) and the HMAC-SHA256
 * `signature` over them, all in the query string; with the API-key header.
 */
export function binanceSigned(path: string, params: Record<string, string>, creds: Credentials): { path: string; headers: Record<string, string> } {
  const query = new URLSearchParams({ ...params, timestamp: String(Date.now()) }).toString();
  const signature = createHmac('sha256', creds.secret).update(query).digest('hex');
  return { path: `${path}?${query}&signature=${signature}`, headers: { 'x-mbx-apikey': creds.key } };
}

/** A limit buy at `price`, far below the market so it rests and never fills. */
export const binanceRestingBuy = (price: string): Record<string, string> => ({
  symbol: BINANCE_SYMBOL, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price,
});

/** Whether a reply is a Binance success (an error is a `{"code":…,"msg":…}` object on a non-2xx status). */
export const isBinanceSuccess = (status: number, body: string): boolean => status === 200 && !body.startsWith('{"code"');

/**
 * The order + cancel pair as autocannon steps, each signed as it is sent: the DELETE names the
 * `orderId` the POST returned (a connection whose POST failed starts over). Failures are counted.
 */
export function binanceOrderPairSteps(creds: Credentials, price: string, failures: Failures): RequestStep[] {
  const check = (status: number, body: string): void => {
    if (isBinanceSuccess(status, body)) return;
    failures.count++;
    failures.last = body.slice(0, 200);
  };
  return [
    {
      method: 'POST', path: '/api/v3/order',
      setupRequest: (req) => ({ ...req, ...binanceSigned('/api/v3/order', binanceRestingBuy(price), creds) }),
      onResponse: (status, body, context) => {
        check(status, body);
        context.orderId = /"orderId":(\d+)/.exec(body)?.[1];
      },
    },
    {
      method: 'DELETE', path: '/api/v3/order',
      setupRequest: (req, context) => (typeof context.orderId === 'string'
        ? { ...req, ...binanceSigned('/api/v3/order', { symbol: BINANCE_SYMBOL, orderId: context.orderId }, creds) }
        : undefined),
      onResponse: (status, body) => check(status, body),
    },
  ];
}
