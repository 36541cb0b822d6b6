import type { Effects } from '../../../control/journal.js';
import type { Account } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Operation } from '../../../exchange/operations.js';
import { routeId } from '../rest/route.js';
import { type ApiError, Refusal } from '../rest/errors.js';
import type { BinanceLimits } from '../rest/limits.js';
import type { Route } from '../rest/route.js';
import { ROUTES } from '../rest/routes/index.js';
import type { WsAnswer } from './envelope.js';
import { restParams, verifyWsSigned, type WsParams } from './signed-params.js';

/** What a method did: its answer, the signing account, and the orders it touched. */
export interface MethodResult {
  answer: WsAnswer;
  account?: Account | undefined;
  effects?: Effects | undefined;
}

/** The user-data subscriptions of the connection a method runs on. */
export interface Subscriptions {
  subscribe(account: Account): WsAnswer;
  unsubscribe(id: number | undefined): WsAnswer;
}

/** What a method runs with. */
export interface MethodCall {
  exchange: Exchange;
  now: number;
  params: WsParams;
  subscriptions: Subscriptions;
  /** The run's limits (shared with REST): order placements are held to the account's order counts. */
  limits?: BinanceLimits | undefined;
}

/** A WebSocket API method: its neutral operation (for the journal), its request weight (charged before it runs) and how it runs. */
export interface Method {
  op: Operation | undefined;
  weight(params: WsParams): number;
  run(call: MethodCall): MethodResult;
}

const restRoute = (id: string): Route => {
  const r = ROUTES.find((x) => routeId(x) === id);
  if (!r) throw new Error(`no REST route ${id}`);
  return r;
};

/**
 * A method that is a REST route on the socket: the same checks (a signature for a signed route)
 * and the same route function, so its answer is the REST answer (`order.place` ≡
 * `POST /api/v3/order`, `depth` ≡ `GET /api/v3/depth`) and its effects the route's (orders
 * created or cancelled).
 */
function viaRest(id: string, op: Operation): Method {
  const route = restRoute(id);
  return {
    op,
    // REST's weight for the same parameters; 1 when they cannot be read (the run then refuses them).
    weight: (params) => {
      try {
        return route.weight(restParams(params));
      } catch (err) {
        if (err instanceof Refusal) return 1;
        throw err;
      }
    },
    run: ({ exchange, now, params, limits }) => {
      try {
        const p = restParams(params);
        if (route.security === 'NONE') {
          // Market data: no key, no signature, the REST route's answer as it is.
          const reply = route.handle({ params: p, exchange, now });
          return { answer: reply.ok ? { ok: true, result: reply.body } : { ok: false, error: reply.error } };
        }
        const signed = verifyWsSigned(exchange, params, now);
        if (!signed.ok) return { answer: signed };
        // New orders count against the account's 10 s and day counts as on REST (-1015 over them).
        const over = limits?.ordersOver(id, signed.account, now);
        if (over) return { answer: { ok: false, error: { code: -1015, msg: over.msg, status: 429 } }, account: signed.account };
        const reply = route.handle({ params: p, exchange, now, account: signed.account });
        if (reply.ok) limits?.placed(id, signed.account, reply.effects?.created ?? [], now);
        if (!reply.ok) return { answer: { ok: false, error: reply.error }, account: signed.account, effects: reply.effects };
        return { answer: { ok: true, result: reply.body }, account: signed.account, effects: reply.effects };
      } catch (err) {
        if (err instanceof Refusal) return { answer: { ok: false, error: err.error } };
        throw err;
      }
    },
  };
}

/** -1020: a method this WebSocket API does not serve. UNCONFIRMED which code Binance answers an unknown method with. */
export const UNSUPPORTED: ApiError = { code: -1020, msg: 'This operation is not supported.', status: 400 };

/** The methods served on `/ws-api/v3` (a `v3/` prefix on a name is accepted too). */
export const METHODS: Readonly<Record<string, Method>> = {
  ping: { op: 'ping', weight: () => 1, run: () => ({ answer: { ok: true, result: {} } }) },
  time: { op: 'time', weight: () => 1, run: ({ now }) => ({ answer: { ok: true, result: { serverTime: now } } }) },
  'userDataStream.subscribe.signature': {
    op: 'subscribe-private',
    weight: () => 2,
    run: ({ exchange, now, params, subscriptions }) => {
      const signed = verifyWsSigned(exchange, params, now);
      if (!signed.ok) return { answer: signed };
      return { answer: subscriptions.subscribe(signed.account), account: signed.account };
    },
  },
  'userDataStream.unsubscribe': {
    op: 'unsubscribe',
    weight: () => 2,
    run: ({ params, subscriptions }) => {
      const id = params.subscriptionId;
      return { answer: subscriptions.unsubscribe(id === undefined ? undefined : Number(id)) };
    },
  },
  exchangeInfo: viaRest('GET /api/v3/exchangeInfo', 'markets'),
  depth: viaRest('GET /api/v3/depth', 'book'),
  'trades.recent': viaRest('GET /api/v3/trades', 'trades'),
  'trades.historical': viaRest('GET /api/v3/historicalTrades', 'trades'),
  'trades.aggregate': viaRest('GET /api/v3/aggTrades', 'trades'),
  klines: viaRest('GET /api/v3/klines', 'candles'),
  avgPrice: viaRest('GET /api/v3/avgPrice', 'ticker'),
  'ticker.24hr': viaRest('GET /api/v3/ticker/24hr', 'ticker'),
  'ticker.price': viaRest('GET /api/v3/ticker/price', 'ticker'),
  'ticker.book': viaRest('GET /api/v3/ticker/bookTicker', 'ticker'),
  'order.place': viaRest('POST /api/v3/order', 'place-order'),
  'order.test': viaRest('POST /api/v3/order/test', 'place-order'),
  'order.cancel': viaRest('DELETE /api/v3/order', 'cancel-order'),
  'order.status': viaRest('GET /api/v3/order', 'query-orders'),
  'openOrders.status': viaRest('GET /api/v3/openOrders', 'open-orders'),
  'openOrders.cancelAll': viaRest('DELETE /api/v3/openOrders', 'cancel-all'),
  allOrders: viaRest('GET /api/v3/allOrders', 'closed-orders'),
  myTrades: viaRest('GET /api/v3/myTrades', 'trades-history'),
  'account.status': viaRest('GET /api/v3/account', 'balance'),
  'account.commission': viaRest('GET /api/v3/account/commission', 'trade-volume'),
};
