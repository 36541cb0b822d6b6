import { effectsOf } from '../../../../control/journal.js';
import type { Account } from '../../../../exchange/account.js';
import { ZERO } from '../../../../exchange/decimal.js';
import type { Exchange } from '../../../../exchange/exchange.js';
import { restingPenalty } from '../../../../exchange/rate-limits.js';
import type { Order } from '../../../../exchange/types.js';
import type { Market } from '../../../../exchange/market.js';
import type { OrderInput, OrderSelector } from '../../../../exchange/trading.js';
import { readFlags, readOrderInput } from '../order-input.js';
import { InvalidArgument, Params } from '../params.js';
import { failure, success, type Reply, type Route } from '../route.js';
import { orderDescr, orderSentence } from '../views.js';
import { deadManReply, orderPrice, refusalText, requiredMarket, volume } from '../wire.js';

/** CancelOrder's `txid` may be an order id or a userref (an integer). */
function selector(params: Params): OrderSelector {
  const clOrdId = params.optStr('cl_ord_id');
  if (clOrdId !== undefined) return { clOrdId };
  const txid = params.str('txid').trim();
  if (/^-?\d{1,10}$/.test(txid)) return { userref: Number(txid) };
  if (!/^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/.test(txid)) throw new InvalidArgument('txid');
  return { txid };
}

/** The entries of a JSON array argument, each as a Params of its own (AddOrderBatch `orders`). */
function entries(params: Params, name: string, min: number, max: number): Params[] {
  const v = params.raw[name];
  if (!Array.isArray(v) || v.length < min || v.length > max) throw new InvalidArgument(name);
  return v.map((x) => {
    if (!x || typeof x !== 'object' || Array.isArray(x)) throw new InvalidArgument(name);
    return new Params(x as Record<string, unknown>);
  });
}

const refused = (r: Parameters<typeof refusalText>[0]): Reply => failure(refusalText(r));

const RATE_LIMITED = 'EOrder:Rate limit exceeded';

/** Trading-counter cost of cancelling (or amending/editing) these orders now: Kraken's resting-time penalties. */
function penalty(orders: Order[], kind: 'cancel' | 'amend' | 'edit', now: number): Map<string, number> {
  const bySymbol = new Map<string, number>();
  for (const o of orders) {
    if (o.status !== 'open' && o.status !== 'pending') continue;
    bySymbol.set(o.symbol, (bySymbol.get(o.symbol) ?? 0) + restingPenalty(kind, now - o.restedAt));
  }
  return bySymbol;
}

/** Charges per-pair costs; false when any pair goes over its limit. */
function charge(exchange: Exchange, account: Account, costs: Map<string, number>, now: number): boolean {
  let ok = true;
  for (const [symbol, cost] of costs) ok = exchange.chargeTrading(account, symbol, cost, now) && ok;
  return ok;
}

/** Trading methods: order entry, amendment and cancellation, and the dead man's switch. */
export const orderRoutes: Route[] = [
  {
    id: 'AddOrder', visibility: 'private', permission: 'trade',
    handle: ({ params, account, exchange, now }) => {
      const m = requiredMarket(exchange, params.optStr('pair'));
      if (typeof m === 'string') return failure(m);
      // The fixed count applies even when the order then fails validation.
      if (!exchange.chargeTrading(account, m.spec.symbol, 1, now)) return failure(RATE_LIMITED);
      const input = readOrderInput(params, m, now);
      const validate = params.bool('validate');
      const r = exchange.trading.place(account.name, input, now, validate);
      if (!r.ok) return refused(r);
      const descr = orderDescr(m, r.order);
      return validate ? success({ descr }) : success({ descr, txid: [r.order.id] }, { created: [r.order.id] });
    },
  },
  {
    id: 'AddOrderBatch', visibility: 'private', permission: 'trade',
    handle: ({ params, account, exchange, now }) => {
      const m = requiredMarket(exchange, params.optStr('pair'));
      if (typeof m === 'string') return failure(m);
      const list = entries(params, 'orders', 2, 15);
      if (!exchange.chargeTrading(account, m.spec.symbol, list.length / 2, now)) return failure(RATE_LIMITED);
      const inputs = list.map((p) => readOrderInput(p, m as Market, now));
      // The whole batch is refused when any order breaks a rule; only funding is judged per order.
      for (const input of inputs) {
        const r = exchange.trading.place(account.name, input, now, true);
        if (!r.ok && r.code !== 'insufficient_funds') return refused(r);
      }
      const validate = params.bool('validate');
      const created: string[] = [];
      const orders = inputs.map((input) => {
        if (validate) return { descr: orderDescr(m, input) };
        const r = exchange.trading.place(account.name, input, now);
        if (!r.ok) return { error: refusalText(r) };
        created.push(r.order.id);
        return { txid: r.order.id, descr: orderDescr(m, r.order) };
      });
      return success({ orders }, effectsOf({ created }));
    },
  },
  {
    id: 'AmendOrder', visibility: 'private', permission: 'trade',
    handle: ({ params, account, exchange, now }) => {
      if (params.has('display_qty')) throw new InvalidArgument('display_qty');
      const sel = params.has('cl_ord_id') ? { clOrdId: params.str('cl_ord_id') } : { txid: params.str('txid') };
      const targets = exchange.trading.select(account.name, sel);
      const costs = penalty(targets, 'amend', now);
      for (const [s, c] of costs) costs.set(s, c + 1);
      if (!charge(exchange, account, costs, now)) return failure(RATE_LIMITED);
      const r = exchange.trading.amend(account.name, sel, {
        volume: params.dec('order_qty'), price: params.dec('limit_price'), triggerPrice: params.dec('trigger_price'),
        postOnly: params.has('post_only') ? params.bool('post_only') : undefined,
      }, now);
      return r.ok ? success({ amend_id: r.amendId }, { amended: [r.order.id] }) : refused(r);
    },
  },
  {
    id: 'EditOrder', visibility: 'private', permission: 'trade',
    handle: ({ params, account, exchange, now }) => {
      const m = requiredMarket(exchange, params.optStr('pair'));
      if (typeof m === 'string') return failure(m);
      const original = exchange.trading.select(account.name, selector(params)).find((o) => o.status === 'open' || o.status === 'pending');
      if (!original || original.symbol !== m.spec.symbol) return failure('EOrder:Unknown order');
      if (!exchange.chargeTrading(account, m.spec.symbol, 1 + restingPenalty('edit', now - original.restedAt), now)) return failure(RATE_LIMITED);
      const input: OrderInput = {
        symbol: m.spec.symbol, side: original.side, type: original.type,
        volume: params.dec('volume') ?? original.volume - original.executed,
        price: params.dec('price') ?? original.price, price2: params.dec('price2') ?? original.price2,
        flags: params.has('oflags') ? readFlags(params) : original.flags, timeInForce: original.timeInForce,
        expireAt: original.expireAt || undefined, userref: params.int('newuserref') ?? original.userref, clOrdId: null, close: original.close,
        trailOffset: original.trail?.offset, limitOffset: original.limitOffset,
      };
      const validate = params.bool('validate');
      const r = exchange.trading.replace(account.name, original.id, input, now, validate);
      if (!r.ok) return refused(r);
      const o = r.order;
      const effects = validate ? undefined : { amended: [original.id], created: [o.id] };
      return success({
        status: 'ok', ...(validate ? {} : { txid: o.id }), originaltxid: original.id, volume: volume(m, o.volume),
        price: orderPrice(m, o.price ?? ZERO), price2: orderPrice(m, o.price2 ?? ZERO), orders_cancelled: validate ? 0 : 1,
        descr: { order: orderSentence(m, o) },
        ...(original.userref !== null ? { olduserref: original.userref } : {}),
        ...(o.userref !== null ? { newuserref: o.userref } : {}),
      }, effects);
    },
  },
  {
    id: 'CancelOrder', visibility: 'private', permission: 'trade',
    handle: ({ params, account, exchange, now }) => {
      const sel = selector(params);
      if (!charge(exchange, account, penalty(exchange.trading.select(account.name, sel), 'cancel', now), now)) return failure(RATE_LIMITED);
      const r = exchange.trading.cancel(account.name, sel, now);
      return r.ok ? success({ count: r.cancelled.length }, { cancelled: r.cancelled.map((o) => o.id) }) : refused(r);
    },
  },
  {
    id: 'CancelOrderBatch', visibility: 'private', permission: 'trade',
    handle: ({ params, account, exchange, now }) => {
      const ids: OrderSelector[] = [];
      const orders = params.raw.orders;
      if (orders !== undefined) {
        if (!Array.isArray(orders) || orders.length > 50) throw new InvalidArgument('orders');
        for (const o of orders) {
          const id = typeof o === 'string' ? o : o && typeof o === 'object' ? (o as { txid?: unknown }).txid : undefined;
          if (typeof id !== 'string' && typeof id !== 'number') throw new InvalidArgument('orders');
          ids.push(/^-?\d{1,10}$/.test(String(id)) ? { userref: Number(id) } : { txid: String(id) });
        }
      }
      const cl = params.raw.cl_ord_ids;
      if (cl !== undefined) {
        if (!Array.isArray(cl) || cl.length > 50 || !cl.every((x) => typeof x === 'string')) throw new InvalidArgument('cl_ord_ids');
        for (const c of cl as string[]) ids.push({ clOrdId: c });
      }
      if (ids.length === 0) throw new InvalidArgument('orders');
      if (!charge(exchange, account, penalty(ids.flatMap((sel) => exchange.trading.select(account.name, sel)), 'cancel', now), now)) return failure(RATE_LIMITED);
      const cancelled: string[] = [];
      for (const sel of ids) {
        const r = exchange.trading.cancel(account.name, sel, now);
        if (r.ok) cancelled.push(...r.cancelled.map((o) => o.id));
        // Those cancelled before the halt stay cancelled: the refusal still says which.
        else if (r.code === 'market_halted') return { ...refused(r), effects: effectsOf({ cancelled }) };
      }
      return success({ count: cancelled.length }, effectsOf({ cancelled }));
    },
  },
  {
    id: 'CancelAll', visibility: 'private', permission: 'trade',
    handle: ({ account, exchange, now }) => {
      const r = exchange.trading.cancelAllRequested(account.name, now);
      return r.ok ? success({ count: r.cancelled.length }, effectsOf({ cancelled: r.cancelled.map((o) => o.id) })) : refused(r);
    },
  },
  {
    id: 'CancelAllOrdersAfter', visibility: 'private', permission: 'trade',
    handle: ({ params, account, exchange, now }) => {
      const timeout = params.int('timeout', 0, 86_399);
      if (timeout === undefined) throw new InvalidArgument('timeout');
      const at = exchange.trading.cancelAllAfter(account.name, timeout * 1000, now);
      return success(deadManReply(now, at));
    },
  },
];
