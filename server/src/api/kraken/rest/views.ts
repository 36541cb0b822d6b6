import { findAsset } from '../../../exchange/assets.js';
import { type Dec, div, fmt, mul, ZERO } from '../../../exchange/decimal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import type { PriceOffset } from '../../../exchange/trailing.js';
import type { CloseOrder, Fill, LedgerEntry, Order, OrderFlag } from '../../../exchange/types.js';
import { assetId, cost, dataPrice, fmtAsset, orderPrice, secs, volume } from './wire.js';
import { krakenPairOf } from '../names.js';

const ORDER_WORDS: Record<Order['type'], string> = {
  market: 'market', limit: 'limit', 'stop-loss': 'stop loss', 'take-profit': 'take profit',
  'stop-loss-limit': 'stop loss', 'take-profit-limit': 'take profit', 'trailing-stop': 'trailing stop', 'trailing-stop-limit': 'trailing stop',
};

/**
 * A relative price as Kraken prints a trailing order's `descr.price`/`price2`: signed, in percent
 * with 4 decimals (`+50.0000%`, as in a live reply ccxt records) or in quote units at the pair's precision.
 */
export function offsetText(m: Market, o: PriceOffset): string {
  const sign = o.amount < 0n ? '-' : '+';
  const size = o.amount < 0n ? -o.amount : o.amount;
  return o.percent ? `${sign}${fmt(size, 4)}%` : `${sign}${orderPrice(m, size)}`;
}

/** `descr.price` and `descr.price2` of an order: its prices, or a trailing order's offsets. */
function descrPrices(m: Market, o: Order): { price: string; price2: string } {
  if (o.trail) return { price: offsetText(m, o.trail.offset), price2: o.limitOffset ? offsetText(m, o.limitOffset) : '0' };
  return {
    price: o.type === 'market' ? '0' : orderPrice(m, o.price ?? ZERO),
    price2: o.type.endsWith('-limit') ? orderPrice(m, o.price2 ?? ZERO) : '0',
  };
}

/** Kraken's human sentence for an order: `buy 1.25000000 XBTUSD @ limit 30010.0`. */
export function orderSentence(m: Market, o: Pick<Order, 'side' | 'type' | 'volume'> & Partial<Pick<Order, 'price' | 'price2' | 'trail' | 'limitOffset'>>): string {
  const head = `${o.side} ${volume(m, o.volume)} ${krakenPairOf(m.spec).altname} @ ${ORDER_WORDS[o.type]}`;
  if (o.type === 'market') return head;
  if (o.trail) {
    const main = `${head} ${offsetText(m, o.trail.offset)}`;
    return o.limitOffset ? `${main} -> limit ${offsetText(m, o.limitOffset)}` : main;
  }
  const main = `${head} ${orderPrice(m, o.price ?? ZERO)}`;
  return o.type.endsWith('-limit') ? `${main} -> limit ${orderPrice(m, o.price2 ?? ZERO)}` : main;
}

/** Kraken's `descr.close` for a conditional close: `close position @ stop loss 38000.0 -> limit 36000.0`; empty without one. */
export function closeSentence(m: Market, close: CloseOrder | undefined): string {
  if (!close) return '';
  const main = `close position @ ${ORDER_WORDS[close.type]} ${orderPrice(m, close.price ?? ZERO)}`;
  return close.type.endsWith('-limit') ? `${main} -> limit ${orderPrice(m, close.price2 ?? ZERO)}` : main;
}

/** AddOrder's `descr`: the order sentence, and the close sentence when the order has a conditional close. */
export function orderDescr(m: Market, o: Parameters<typeof orderSentence>[1] & { close?: CloseOrder | undefined }): { order: string; close?: string } {
  return { order: orderSentence(m, o), ...(o.close ? { close: closeSentence(m, o.close) } : {}) };
}

const FLAG_ORDER: OrderFlag[] = ['post', 'fcib', 'fciq', 'nompp', 'viqc'];

/** `oflags` text: the order's flags plus its fee-currency preference, in Kraken's order. */
export function flagsText(o: Order, m: Market): string {
  const flags = new Set(o.flags);
  if (!flags.has('fcib') && !flags.has('fciq')) flags.add(o.feeAsset === m.spec.quote ? 'fciq' : 'fcib');
  return FLAG_ORDER.filter((f) => flags.has(f)).join(',');
}

/** An order object as OpenOrders, ClosedOrders and QueryOrders print it. */
export function orderView(ex: Exchange, o: Order, withTrades: boolean): Record<string, unknown> {
  const m = ex.markets.get(o.symbol) as Market;
  const closed = o.status === 'closed' || o.status === 'canceled' || o.status === 'expired';
  const isTrigger = o.type !== 'market' && o.type !== 'limit';
  const misc = [o.executed > 0n && o.executed < o.volume ? 'partial' : '', o.amended ? 'amended' : '', o.triggered ? 'touched' : ''].filter(Boolean);
  const view: Record<string, unknown> = {
    refid: o.parentId,
    userref: o.userref ?? 0,
    ...(o.clOrdId !== null ? { cl_ord_id: o.clOrdId } : {}),
    status: o.status,
    ...(closed ? { reason: o.reason } : {}),
    opentm: secs(o.openedAt),
    ...(closed ? { closetm: secs(o.closedAt ?? o.openedAt) } : {}),
    starttm: o.startAt ? secs(o.startAt) : 0,
    expiretm: o.expireAt ? secs(o.expireAt) : 0,
    descr: {
      pair: krakenPairOf(m.spec).altname, type: o.side, ordertype: o.display !== undefined ? 'iceberg' : o.type, ...descrPrices(m, o),
      leverage: 'none', order: orderSentence(m, o), close: closeSentence(m, o.close),
    },
    vol: volume(m, o.volume),
    vol_exec: volume(m, o.executed),
    cost: cost(m, o.cost),
    fee: cost(m, o.fee),
    price: o.executed > 0n ? orderPrice(m, div(o.cost, o.executed)) : orderPrice(m, ZERO),
    stopprice: isTrigger ? dataPrice(m, o.price ?? ZERO) : dataPrice(m, ZERO),
    // A trailing stop's limitprice is the best price it has seen (a live reply ccxt records shows it at twice a +50 % stop).
    limitprice: dataPrice(m, (o.type.endsWith('-limit') ? o.price2 : o.trail?.best) ?? ZERO),
    ...(isTrigger ? { trigger: 'last' } : {}),
    misc: misc.join(','),
    oflags: flagsText(o, m),
    ...(o.timeInForce !== 'GTC' ? { timeinforce: o.timeInForce } : {}),
  };
  if (withTrades && o.trades.length > 0) view.trades = [...o.trades];
  return view;
}

/** A trade object as TradesHistory and QueryTrades print it (`pair` is the pair id). */
export function fillView(ex: Exchange, f: Fill, withLedgers: boolean): Record<string, unknown> {
  const m = ex.markets.get(f.symbol) as Market;
  return {
    ordertxid: f.orderId, postxid: f.postId, pair: krakenPairOf(m.spec).id, time: secs(f.time), type: f.side,
    ordertype: f.orderType, price: dataPrice(m, f.price), cost: cost(m, f.cost), fee: cost(m, f.fee),
    vol: volume(m, f.volume), margin: cost(m, ZERO), misc: '', trade_id: f.tradeId, maker: f.maker,
    ...(withLedgers ? { ledgers: [...f.ledgerIds] } : {}),
  };
}

export function ledgerView(e: LedgerEntry): Record<string, unknown> {
  return {
    refid: e.refid, time: secs(e.time), type: e.type, subtype: e.subtype, aclass: 'currency', asset: assetId(e.asset),
    amount: fmtAsset(e.asset, e.amount), fee: fmtAsset(e.asset, e.fee), balance: fmtAsset(e.asset, e.balance),
  };
}

/**
 * The value of `amount` of asset `from` in asset `to` at last trade prices: directly, inversely,
 * or through USD. A USD stablecoin that no listed market prices against USD counts 1:1 (the
 * default pairs list BTC/USDT but no USDT/USD). Undefined when nothing connects them.
 */
export function valueIn(ex: Exchange, from: string, to: string, amount: Dec): Dec | undefined {
  if (from === to) return amount;
  for (const m of ex.markets.values()) {
    if (m.spec.base === from && m.spec.quote === to) return mul(amount, m.last);
    if (m.spec.base === to && m.spec.quote === from && m.last > 0n) return div(amount, m.last);
  }
  if (from !== 'USD' && to !== 'USD') {
    const usd = valueIn(ex, from, 'USD', amount);
    return usd === undefined ? undefined : valueIn(ex, 'USD', to, usd);
  }
  return isStablecoin(from) || isStablecoin(to) ? amount : undefined;
}

const isStablecoin = (code: string): boolean => findAsset(code)?.kind === 'stablecoin';
