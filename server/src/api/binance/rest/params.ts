import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import { marketBySymbol } from '../names.js';
import { BAD_COMBINATION, BAD_SYMBOL, DUPLICATE_PARAM, illegalChars, invalidValue, mandatory, Refusal } from './errors.js';

const DIGITS = /^\d{1,20}$/;
/** The pattern Binance quotes for a `symbols` array (UNCONFIRMED text, as clients have logged it). */
const SYMBOLS_RANGE = '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$';

/**
 * A request's parameters by name: the query string, then (on POST/PUT/DELETE) the form body, a
 * name in both taken from the query as Binance documents. A name twice in one part is `-1101`.
 */
export class Params {
  private readonly values = new Map<string, string>();

  constructor(query: string, body = '') {
    for (const part of [query, body]) {
      const seen = new Set<string>();
      for (const [k, v] of new URLSearchParams(part)) {
        if (seen.has(k)) throw new Refusal(DUPLICATE_PARAM);
        seen.add(k);
        if (!this.values.has(k)) this.values.set(k, v);
      }
    }
  }

  /** A parameter's text; an empty value counts as absent (Binance: "empty/null"). */
  str(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined || v === '' ? undefined : v;
  }

  /** A whole number in [min, max]; `-1100` for non-digits, `-1130` out of range, undefined when absent. */
  int(name: string, min: number, max: number): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (!DIGITS.test(v)) throw new Refusal(illegalChars(name, '^[0-9]{1,20}$'));
    const n = Number(v);
    if (n < min || n > max) throw new Refusal(invalidValue(name));
    return n;
  }

  /** The required `symbol` as a listed market: `-1102` when absent, `-1121` when unknown. */
  market(ex: Exchange): Market {
    const s = this.str('symbol');
    if (s === undefined) throw new Refusal(mandatory('symbol'));
    return marketOf(ex, s);
  }

  /**
   * The markets `symbol` or `symbols` (a JSON array of names) pick, or undefined for "all"; both at
   * once is `-1128`, an unknown name `-1121`. `single` says whether `symbol` was used (one object, not a list).
   */
  markets(ex: Exchange): { markets: Market[]; single: boolean } | undefined {
    const one = this.str('symbol');
    const many = this.str('symbols');
    if (one !== undefined && many !== undefined) throw new Refusal(BAD_COMBINATION);
    if (one !== undefined) return { markets: [marketOf(ex, one)], single: true };
    if (many === undefined) return undefined;
    let names: unknown;
    try {
      names = JSON.parse(many);
    } catch {
      names = undefined;
    }
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new Refusal(illegalChars('symbols', SYMBOLS_RANGE));
    const markets: Market[] = [];
    for (const n of names as string[]) {
      const m = marketOf(ex, n);
      if (!markets.includes(m)) markets.push(m);
    }
    return { markets, single: false };
  }
}

function marketOf(ex: Exchange, symbol: string): Market {
  const m = marketBySymbol(ex, symbol);
  if (!m) throw new Refusal(BAD_SYMBOL);
  return m;
}
