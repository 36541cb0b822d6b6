import type { OrderInput } from './trading.js';
import { NO_FLAGS } from './flag-sets.js';
import type { Order, Side } from './types.js';

const opposite = (side: Side): Side => (side === 'buy' ? 'sell' : 'buy');

/**
 * The order a primary order's conditional close places: opposite side, the close's type and
 * prices, for `volume` (what the primary executed), good till cancelled, with the primary's
 * userref (never its client order id, which names one order only) and the primary as its parent.
 */
export function closeInputFor(primary: Order, volume: bigint): OrderInput {
  const close = primary.close;
  if (!close) throw new Error(`order ${primary.id} has no conditional close`);
  return {
    symbol: primary.symbol, side: opposite(primary.side), type: close.type, volume, price: close.price, price2: close.price2,
    flags: NO_FLAGS, timeInForce: 'GTC', userref: primary.userref, clOrdId: null, parentId: primary.id,
  };
}

/**
 * What the close order would be if the primary executed in full, for checking its prices and size
 * by the ordinary order rules when the primary is accepted.
 */
export function closeProbe(primary: Order): Order {
  const input = closeInputFor(primary, primary.volume);
  return { ...primary, side: input.side, type: input.type, price: input.price, price2: input.price2, flags: NO_FLAGS, timeInForce: 'GTC', startAt: 0, expireAt: 0, display: undefined, close: undefined };
}
