import type { Account } from './account.js';
import { assetByCode } from './assets.js';
import { type Dec, dec, div, mul, plus, round, ZERO } from './decimal.js';
import type { IdSource } from './ids.js';
import type { Market } from './market.js';
import { FEE_SCHEDULE } from './pairs.js';
import type { Fill, Order } from './types.js';

/** Fee rate (fraction, not percent) for an account's tier, maker or taker. */
export function feeRate(account: Account, maker: boolean): Dec {
  const table = maker ? FEE_SCHEDULE.maker : FEE_SCHEDULE.taker;
  const tier = table[Math.min(Math.max(account.spec.feeTier, 0), table.length - 1)] as readonly [number, number];
  return div(dec(tier[1]), dec(100));
}

/** Whether an order pays its fee in the quote asset (Kraken: fciq default for buys, fcib for sells). */
export function feeInQuote(order: Pick<Order, 'side' | 'flags'>): boolean {
  if (order.flags.has('fciq')) return true;
  if (order.flags.has('fcib')) return false;
  return order.side === 'buy';
}

/** The price at which a resting or pending order's funds must be reserved. */
function holdPrice(order: Order): Dec | undefined {
  if (order.type === 'limit') return order.price;
  if (order.type.endsWith('-limit')) return order.price2;
  if (order.type === 'market') return undefined;
  return order.price; // stop-loss / take-profit: the trigger price
}

/**
 * The funds an order must keep on hold for its unexecuted remainder, assuming the worst fee
 * (taker): quote for buys, base for sells. Rounded up to the asset's precision.
 */
export function holdFor(order: Order, market: Market, account: Account): { asset: string; amount: Dec } {
  const remaining = order.volume - order.executed;
  const rate = feeRate(account, false);
  const quoteFee = feeInQuote(order);
  if (order.side === 'buy') {
    const price = holdPrice(order) ?? ZERO;
    let amount = mul(remaining, price, 'up');
    if (quoteFee) amount += mul(amount, rate, 'up');
    return { asset: market.spec.quote, amount: round(amount, assetByCode(market.spec.quote).decimals, 'up') };
  }
  let amount = remaining;
  if (!quoteFee) amount += mul(remaining, rate, 'up');
  return { asset: market.spec.base, amount: round(amount, assetByCode(market.spec.base).decimals, 'up') };
}

/**
 * Moves money for one execution of `order`: the two ledger entries (base and quote, the fee on
 * the fee asset) and the order's running totals. Returns the Fill for the account's history.
 */
export function settle(
  ids: IdSource, account: Account, order: Order, market: Market,
  exec: { price: Dec; qty: Dec; maker: boolean; time: number; tradeId: number; postId: string },
): Fill {
  const { base, quote } = market.spec;
  const id = ids.trade();
  const cost = round(mul(exec.price, exec.qty), assetByCode(quote).decimals);
  const rate = feeRate(account, exec.maker);
  const quoteFee = feeInQuote(order);
  const feeAsset = quoteFee ? quote : base;
  const fee = round(mul(quoteFee ? cost : exec.qty, rate), assetByCode(feeAsset).decimals, 'up');
  const sign = order.side === 'buy' ? 1n : -1n;
  const baseEntry = account.post(exec.time, 'trade', id, base, sign * exec.qty, quoteFee ? ZERO : fee);
  const quoteEntry = account.post(exec.time, 'trade', id, quote, -sign * cost, quoteFee ? fee : ZERO);
  // After a first fill the order's totals are that fill's own values, not copies of them.
  order.executed = plus(order.executed, exec.qty);
  order.cost = plus(order.cost, cost);
  order.fee = plus(order.fee, fee);
  order.feeAsset = feeAsset;
  order.trades = order.trades.concat(id);
  return {
    id, orderId: order.id, account: account.name, symbol: market.spec.symbol, time: exec.time, side: order.side,
    orderType: order.type, price: exec.price, volume: exec.qty, cost, fee, feeAsset, maker: exec.maker,
    tradeId: exec.tradeId, postId: exec.postId, ledgerIds: [baseEntry.id, quoteEntry.id],
  };
}
