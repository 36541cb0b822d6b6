import type { Dec } from '../../../exchange/decimal.js';
import { displayProblem } from '../../../exchange/iceberg.js';
import { InvalidArgument, type Params } from './params.js';

/**
 * AddOrder's iceberg: `ordertype=iceberg` with `displayvol` (or, as Kraken's older documentation
 * has it, `ordertype=limit` with `displayvol`), the quantity shown in the book at a time. Undefined
 * for other orders; `displayvol` on any other type, missing on an iceberg, or outside 1/15 of the
 * volume up to the volume is `EGeneral:Invalid arguments:displayvol`.
 */
export function readDisplay(params: Params, ordertype: string, volume: Dec): Dec | undefined {
  const display = params.dec('displayvol');
  if (display === undefined) {
    if (ordertype === 'iceberg') throw new InvalidArgument('displayvol');
    return undefined;
  }
  if ((ordertype !== 'iceberg' && ordertype !== 'limit') || displayProblem(display, volume)) throw new InvalidArgument('displayvol');
  return display;
}
