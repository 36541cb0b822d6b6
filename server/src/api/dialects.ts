import type { Dialect } from './dialect.js';
import { binanceDialect } from './binance/dialect.js';
import { krakenDialect } from './kraken/dialect.js';

/** Every dialect the exchange speaks, by name: an explicit list (adding one = one folder + one line here). */
export const DIALECTS = { kraken: krakenDialect, binance: binanceDialect } as const satisfies Record<string, Dialect>;

/** A dialect's name as scenarios and the command line give it. */
export type DialectName = keyof typeof DIALECTS;

/** The dialect a scenario plays in when it names none. */
export const DEFAULT_DIALECT: DialectName = 'kraken';

/** The dialect named `name`, or undefined when there is none by that name. */
export const dialectNamed = (name: string): Dialect | undefined => (Object.hasOwn(DIALECTS, name) ? DIALECTS[name as DialectName] : undefined);
