import type { SelfTradeMode } from '../../exchange/types.js';

/**
 * Binance's self-trade prevention modes and the core's for each. DECREMENT and TRANSFER (in
 * Binance's enumeration) are not offered: the core has no partial prevention.
 */
const MODES: Readonly<Record<string, SelfTradeMode>> = {
  NONE: 'none', EXPIRE_TAKER: 'expire-taker', EXPIRE_MAKER: 'expire-maker', EXPIRE_BOTH: 'expire-both',
};

/**
 * The modes exchangeInfo announces and `selfTradePreventionMode` accepts. UNCONFIRMED choice:
 * NONE is listed (the reference's sample lists DECREMENT instead, not NONE) so clients can test
 * self-trades; any other value is refused with -1130.
 */
export const ALLOWED_STP_MODES: readonly string[] = Object.keys(MODES);

/** The mode of an order that sends none: the reference's exchangeInfo default, EXPIRE_MAKER. */
export const DEFAULT_STP_MODE = 'EXPIRE_MAKER';

/** The core's mode for a Binance mode name; undefined for a name not allowed. */
export const coreStpMode = (name: string): SelfTradeMode | undefined => (Object.hasOwn(MODES, name) ? MODES[name] : undefined);

/** Binance's name for a core mode. */
export function binanceStpMode(mode: SelfTradeMode): string {
  return Object.keys(MODES).find((k) => MODES[k] === mode) as string;
}
