import { isNeutralError } from '../exchange/neutral-errors.js';
import type { FaultError } from '../faults/kinds/kind.js';
import type { ErrorWords } from './dialect.js';
import { binanceLiteralProblem, isBinanceError } from './binance/error-words.js';
import { isKrakenError, krakenProblem } from './kraken/error-words.js';

/**
 * Every dialect's error literals and their neutral meanings, by dialect name: the seam through which
 * one dialect renders another's literal (Kraken's `EService:Busy` served by Binance is `busy`). Leaf
 * tables only, so the core and both edges may import it without pulling in any route.
 */
export const ERROR_WORDS: Readonly<Record<string, ErrorWords>> = {
  kraken: { owns: isKrakenError, problemOf: krakenProblem },
  binance: { owns: isBinanceError, problemOf: binanceLiteralProblem },
};

/**
 * What a scenario's error text is: a neutral name (`busy`), some dialect's literal (Kraken's
 * `EService:Busy`, Binance's `-1008`) with the neutral error it stands for, or free text no dialect
 * owns. The dialect serving the request renders it (see ErrorRenderer).
 */
export function faultError(text: string): FaultError {
  if (isNeutralError(text)) return { text, problem: text, dialect: undefined };
  for (const [dialect, words] of Object.entries(ERROR_WORDS)) {
    if (words.owns(text)) return { text, problem: words.problemOf(text), dialect };
  }
  return { text, problem: undefined, dialect: undefined };
}
