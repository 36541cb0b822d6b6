import type { PriceOffset } from '../../../exchange/trailing.js';
import type { OrderType } from '../../../exchange/types.js';
import { parsePriceText } from '../relative-price.js';
import { InvalidArgument, type Params } from './params.js';

/** The offset a relative price text states, when its prefix is one of `allowed`; undefined otherwise. */
function offsetOf(raw: string | undefined, allowed: readonly (1 | -1)[]): PriceOffset | undefined {
  const parsed = raw === undefined ? undefined : parsePriceText(raw);
  if (!parsed || !('relative' in parsed)) return undefined;
  const { direction, amount, percent } = parsed.relative;
  if (direction === 'auto' || !allowed.includes(direction)) return undefined;
  return { amount: direction === -1 ? -amount : amount, percent };
}

/**
 * A trailing stop's offsets (AddOrder's `price` and `price2`). Kraken's rules: `price` must be
 * relative with the `+` prefix (the direction follows from the side), optionally in percent;
 * a trailing-stop-limit's `price2` is the limit's offset from the trigger with `+` or `-`. Anything
 * else is refused as Kraken refuses a trailing-stop-limit sent with plain prices:
 * `EGeneral:Invalid arguments:price` (reported against Kraken.Net, issue 114).
 */
export function readTrail(params: Params, type: OrderType): { trailOffset: PriceOffset; limitOffset: PriceOffset | undefined } {
  const trailOffset = offsetOf(params.optStr('price'), [1]);
  if (!trailOffset) throw new InvalidArgument('price');
  if (type !== 'trailing-stop-limit') {
    if (params.has('price2')) throw new InvalidArgument('price2');
    return { trailOffset, limitOffset: undefined };
  }
  const limitOffset = offsetOf(params.optStr('price2'), [1, -1]);
  if (!limitOffset) throw new InvalidArgument('price2');
  return { trailOffset, limitOffset };
}
