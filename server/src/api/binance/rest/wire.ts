import { type Dec, fmt } from '../../../exchange/decimal.js';

/**
 * Decimal places Binance writes prices, quantities and balances with: 8, padded (`"0.01000000"`),
 * whatever the symbol's tick (the reference's examples all pad to 8). Every core pair's tick and lot
 * fit in 8 places.
 */
export const PLACES = 8;

/** A price, quantity or amount as Binance writes it: exact decimal text with 8 places. */
export const num = (x: Dec): string => fmt(x, PLACES);

/** A decimal-text constant from the pair catalog (`"0.1"`) padded to 8 places. */
export const padded = (text: string): string => {
  const [int, frac = ''] = text.split('.');
  return `${int}.${frac.padEnd(PLACES, '0')}`;
};

/** The step of `places` decimals as Binance text (`8` → `"0.00000001"`). */
export const stepOf = (places: number): string => (places === 0 ? '1.00000000' : `0.${'0'.repeat(places - 1)}1`.padEnd(PLACES + 2, '0'));
