import type { Account } from './account.js';
import { assetByCode } from './assets.js';
import { type Dec, dec, div, mul, round, ZERO } from './decimal.js';
import type { Market } from './market.js';
import { feeInQuote, feeRate, holdFor } from './settlement.js';
import { refuse, type Order, type Refusal } from './types.js';

/** Market orders never walk further than this from the touch unless `nompp` is set. */
const PRICE_PROTECTION = dec('0.02');

/** The limit price a (triggered) order rests at: `price` for limit, `price2` for *-limit orders. */
export function limitPrice(order: Order): Dec | undefined {
  return order.type === 'limit' ? order.price : order.type.endsWith('-limit') ? order.price2 : undefined;
}

/** How far a market order may walk: 2 % beyond the touch, or anywhere with `nompp`. */
export function protectionLimit(order: Order, market: Market): Dec | undefined {
  if (order.flags.has('nompp')) return undefined;
  const best = market.book.best(order.side === 'buy' ? 'sell' : 'buy');
  if (!best) return undefined;
  const band = mul(best.price, PRICE_PROTECTION);
  return order.side === 'buy' ? best.price + band : best.price - band;
}

/** Whether a limit order would trade on arrival (used for post-only). */
export function wouldTake(order: Order, market: Market): boolean {
  const best = market.book.best(order.side === 'buy' ? 'sell' : 'buy');
  const limit = limitPrice(order);
  if (!best || limit === undefined) return false;
  return order.side === 'buy' ? best.price <= limit : best.price >= limit;
}

/** The largest quantity of a market buy the account can pay for (cost + taker fee). */
export function affordable(order: Order, market: Market, account: Account, qty: Dec, limit: Dec | undefined): Dec {
  const rate = feeInQuote(order) ? feeRate(account, false) : ZERO;
  let budget = account.available(market.spec.quote);
  let total = ZERO;
  for (const lvl of market.book.preview('buy', qty, limit, (e) => e.account === order.account)) {
    const cost = mul(lvl.qty, lvl.price, 'up');
    const withFee = cost + mul(cost, rate, 'up');
    if (withFee <= budget) {
      total += lvl.qty;
      budget -= withFee;
      continue;
    }
    const part = div(budget, mul(lvl.price, dec(1) + rate, 'up'), 'down');
    const lot = 10n ** BigInt(18 - market.spec.lotDecimals);
    total += part - (part % lot);
    break;
  }
  return total;
}

/**
 * The base quantity, in whole lots, that a market buy spending `cost` of the quote asset on trades
 * (fees on top) gets by walking the book now within price protection: Kraken's `viqc` volume.
 */
export function qtyForCost(order: Order, market: Market, cost: Dec): Dec {
  const lot = 10n ** BigInt(18 - market.spec.lotDecimals);
  const quoteDecimals = assetByCode(market.spec.quote).decimals;
  let budget = cost;
  let total = ZERO;
  for (const lvl of market.book.preview('buy', ALL, protectionLimit(order, market), (e) => e.account === order.account)) {
    const levelCost = round(mul(lvl.qty, lvl.price, 'up'), quoteDecimals, 'up');
    if (levelCost <= budget) {
      total += lvl.qty;
      budget -= levelCost;
      continue;
    }
    const part = div(budget, lvl.price, 'down');
    total += part - (part % lot);
    break;
  }
  return total;
}

/** More than any book holds: preview's "walk it all". */
const ALL = 10n ** 40n;

/** Refuses an order the account cannot fund (a market buy: the cost of walking the book). */
export function checkFunds(order: Order, market: Market, account: Account): Refusal | undefined {
  if (order.type === 'market' && order.side === 'buy') {
    const rate = feeInQuote(order) ? feeRate(account, false) : ZERO;
    let cost = ZERO;
    for (const lvl of market.book.preview('buy', order.volume, protectionLimit(order, market), (e) => e.account === order.account)) {
      cost += mul(lvl.qty, lvl.price, 'up');
    }
    return account.available(market.spec.quote) < cost + mul(cost, rate, 'up') ? refuse('insufficient_funds') : undefined;
  }
  const need = holdFor(order, market, account);
  return account.available(need.asset) < need.amount ? refuse('insufficient_funds') : undefined;
}

/** Puts the order's funds on hold (capped at what is available), recording the hold on the order. */
export function reserve(order: Order, market: Market, account: Account): void {
  if (order.type === 'market' && !order.triggered) return;
  const need = holdFor(order, market, account);
  order.holdAsset = need.asset;
  order.hold = need.amount < account.available(need.asset) ? need.amount : account.available(need.asset) > 0n ? account.available(need.asset) : ZERO;
  if (order.hold > 0n) account.hold(order.holdAsset, order.hold);
}

/** Releases the order's hold. */
export function unreserve(order: Order, account: Account): void {
  if (order.hold > 0n) account.release(order.holdAsset, order.hold);
  order.hold = ZERO;
}
