import type { Dec } from '../../../exchange/decimal.js';
import { displayProblem } from '../../../exchange/iceberg.js';
import { decOf } from './edit-order.js';

/**
 * WebSocket v2 `add_order`'s `display_qty` for an order of `volume`: required for `order_type:
 * iceberg`, also accepted on `limit` (REST's `displayvol` rule), refused on other types and
 * outside 1/15 of the volume up to the volume. Undefined when absent; an error text when refused.
 */
export function displayQty(p: Record<string, unknown>, volume: Dec): Dec | undefined | string {
  const invalid = 'EGeneral:Invalid arguments:display_qty';
  if (p.display_qty === undefined) return p.order_type === 'iceberg' ? invalid : undefined;
  const display = decOf(p.display_qty);
  if (display === undefined || (p.order_type !== 'iceberg' && p.order_type !== 'limit') || displayProblem(display, volume)) return invalid;
  return display;
}
