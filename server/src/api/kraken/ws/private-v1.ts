import { effectsOf } from '../../../control/journal.js';
import type { Account } from '../../../exchange/account.js';
import { parseDec } from '../../../exchange/decimal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { OrderEvent, OrderInput } from '../../../exchange/trading.js';
import type { Fill, OrderFlag, OrderType } from '../../../exchange/types.js';
import { fillView, orderSentence, orderView } from '../rest/views.js';
import { deadManReply, refusalText } from '../rest/wire.js';
import type { PrivateLink } from './link.js';
import type { WsAnswered } from './ws-journal.js';
import { textOf } from './wire.js';
import { krakenPairOf, pairByKrakenName } from '../names.js';

const TYPES: readonly OrderType[] = ['market', 'limit', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit'];
const FLAGS: readonly OrderFlag[] = ['post', 'fcib', 'fciq', 'nompp', 'viqc'];

/**
 * One v1 `/auth` connection: `openOrders` and `ownTrades` (the subscriptionStatus ack, then the
 * snapshot, then updates with a sequence), and the events `addOrder`, `cancelOrder` (one status
 * per txid, as node-kraken-api waits for), `cancelAll` and `cancelAllOrdersAfter`, each carrying a
 * token from GetWebSocketsToken.
 */
export class PrivateSessionV1 {
  private readonly stops = new Map<string, () => void>();
  private seq = { openOrders: 0, ownTrades: 0 };

  constructor(private readonly exchange: Exchange, private readonly link: PrivateLink, private readonly now: () => number) {}

  /** Handles a private event and says how it was answered, for the journal; undefined when it is not one (the caller answers). */
  handle(msg: Record<string, unknown>, reqid: object): WsAnswered | undefined {
    const event = msg.event;
    const sub = msg.subscription as Record<string, unknown> | undefined;
    const token = event === 'subscribe' || event === 'unsubscribe' ? sub?.token : msg.token;
    if (!['subscribe', 'unsubscribe', 'addOrder', 'cancelOrder', 'cancelAll', 'cancelAllOrdersAfter'].includes(event as string)) return undefined;
    const status = event === 'subscribe' || event === 'unsubscribe' ? 'subscriptionStatus' : `${event as string}Status`;
    const answered: WsAnswered = { error: undefined, effects: undefined };
    const ok = (reply: object): WsAnswered => {
      this.link.send(JSON.stringify(reply));
      return answered;
    };
    const fail = (errorMessage: string): WsAnswered => {
      answered.error ??= errorMessage;
      return ok({ event: status, status: 'error', errorMessage, ...reqid });
    };
    const entry = typeof token === 'string' ? this.exchange.tokens.get(token) : undefined;
    const now = this.now();
    const account = entry && entry.expiresAt > now ? this.exchange.accounts.get(entry.account) : undefined;
    if (!account) return fail('ESession:Invalid session');
    this.exchange.sync(now);
    if (event === 'subscribe' || event === 'unsubscribe') {
      const name = sub?.name;
      if (name !== 'openOrders' && name !== 'ownTrades') return fail('Subscription name invalid');
      this.stops.get(name)?.();
      this.stops.delete(name);
      // The ack first, then the snapshot (as on the public channels): node-kraken-api listens for data once acked.
      ok({ channelName: name, event: status, ...reqid, status: event === 'subscribe' ? 'subscribed' : 'unsubscribed', subscription: { name } });
      if (event === 'subscribe') this.stops.set(name, this.start(account, name));
      return answered;
    }
    if (event === 'addOrder') {
      const input = this.input(msg);
      if (typeof input === 'string') return fail(input);
      const m = this.exchange.markets.get(input.symbol)!;
      if (!this.exchange.chargeTrading(account, input.symbol, 1, now)) return fail('EOrder:Rate limit exceeded');
      const validate = msg.validate === true || msg.validate === 'true';
      const r = this.exchange.trading.place(account.name, input, now, validate);
      if (!r.ok) return fail(refusalText(r));
      if (!validate) answered.effects = { created: [r.order.id] };
      return ok({ event: status, status: 'ok', txid: r.order.id, descr: orderSentence(m, r.order), ...reqid });
    }
    if (event === 'cancelOrder') {
      const txids = Array.isArray(msg.txid) ? msg.txid.map(textOf) : [];
      if (txids.length === 0) return fail('EGeneral:Invalid arguments');
      const cancelled: string[] = [];
      for (const txid of txids) {
        const r = this.exchange.trading.cancel(account.name, /^-?\d+$/.test(txid) ? { userref: Number(txid) } : { txid }, now);
        if (!r.ok) fail(refusalText(r));
        else {
          cancelled.push(...r.cancelled.map((o) => o.id));
          ok({ event: status, status: 'ok', ...reqid });
        }
      }
      answered.effects = effectsOf({ cancelled });
      return answered;
    }
    if (event === 'cancelAll') {
      const r = this.exchange.trading.cancelAllRequested(account.name, now);
      if (!r.ok) return fail(refusalText(r));
      answered.effects = effectsOf({ cancelled: r.cancelled.map((o) => o.id) });
      return ok({ event: status, status: 'ok', count: r.cancelled.length, ...reqid });
    }
    const timeout = Number(textOf(msg.timeout));
    if (!Number.isInteger(timeout) || timeout < 0 || timeout >= 86_400) return fail('EGeneral:Invalid arguments:timeout');
    const at = this.exchange.trading.cancelAllAfter(account.name, timeout * 1000, now);
    return ok({ event: status, status: 'ok', ...deadManReply(now, at), ...reqid });
  }

  /** Stops every stream (socket closed). */
  close(): void {
    for (const stop of this.stops.values()) stop();
    this.stops.clear();
  }

  private start(account: Account, name: 'openOrders' | 'ownTrades'): () => void {
    const ex = this.exchange;
    const frame = (items: Record<string, unknown>[]): void =>
      this.link.data(`[${JSON.stringify(items)},"${name}",{"sequence":${++this.seq[name]}}]`, { channel: name, pair: undefined });
    const trade = (f: Fill): Record<string, unknown> => {
      const v = fillView(ex, f, false);
      return { [f.id]: { ...v, pair: krakenPairOf(ex.markets.get(f.symbol)!.spec).wsname, time: (f.time / 1000).toFixed(6) } };
    };
    if (name === 'openOrders') {
      const open = [...ex.trading.liveOrders()].filter((o) => o.account === account.name);
      frame(open.map((o) => ({ [o.id]: orderView(ex, o, false) })));
    } else {
      frame(ex.trading.fillsOf(account.name).slice(-50).map(trade));
    }
    const listener = (e: OrderEvent): void => {
      // v1 has no event for an iceberg's refill: its book entry changes, the order does not.
      if (e.order.account !== account.name || e.kind === 'refilled') return;
      const o = e.order;
      if (name === 'ownTrades') {
        if (e.kind === 'trade' && e.fill) frame([trade(e.fill)]);
      } else if (e.kind === 'new') {
        frame([{ [o.id]: orderView(ex, o, false) }]);
      } else if (e.kind === 'trade') {
        frame([{ [o.id]: { vol_exec: orderView(ex, o, false).vol_exec, status: o.status } }]);
      } else {
        frame([{ [o.id]: { status: o.status, ...(o.reason ? { cancel_reason: o.reason } : {}) } }]);
      }
    };
    ex.trading.listeners.add(listener);
    return () => ex.trading.listeners.delete(listener);
  }

  private input(msg: Record<string, unknown>): OrderInput | string {
    const spec = typeof msg.pair === 'string' ? pairByKrakenName(msg.pair) : undefined;
    if (!spec || !this.exchange.markets.has(spec.symbol)) return 'EQuery:Unknown asset pair';
    if (msg.type !== 'buy' && msg.type !== 'sell') return 'EGeneral:Invalid arguments:type';
    if (!TYPES.includes(msg.ordertype as OrderType)) return 'EGeneral:Invalid arguments:ordertype';
    const volume = parseDec(textOf(msg.volume ?? ''));
    if (volume === undefined || volume <= 0n) return 'EGeneral:Invalid arguments:volume';
    const num = (v: unknown) => (v === undefined ? undefined : parseDec(textOf(v)));
    const flags = new Set(textOf(msg.oflags ?? '').split(',').filter(Boolean) as OrderFlag[]);
    if ([...flags].some((f) => !FLAGS.includes(f))) return 'EGeneral:Invalid arguments:oflags';
    // An int32, as on REST (NaN would be stored as the order's userref and written as null).
    const userref = msg.userref === undefined ? null : Number(textOf(msg.userref));
    if (userref !== null && !(Number.isInteger(userref) && userref >= -(2 ** 31) && userref < 2 ** 31)) return 'EGeneral:Invalid arguments:userref';
    return {
      symbol: spec.symbol, side: msg.type, type: msg.ordertype as OrderType, volume, price: num(msg.price), price2: num(msg.price2),
      flags, timeInForce: 'GTC', userref, clOrdId: null,
    };
  }
}
