/**
 * Exact decimal arithmetic for money: a `Dec` is a bigint counting units of 10^-18, so prices,
 * volumes, balances and fees never pass through binary floating point. 18 places cover every
 * asset's precision (Kraken's finest is 10) with room for intermediate products.
 */
export type Dec = bigint;

export const PLACES = 18;
export const ONE: Dec = 10n ** 18n;
export const ZERO: Dec = 0n;

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Parses decimal text (`"1.25"`, `"-0.5"`, `".5"`, `"3"`); undefined for anything else, including
 * exponents, more than 18 fractional digits, or magnitudes beyond 10^30.
 */
export function parseDec(text: string): Dec | undefined {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) return undefined;
  const [, sign, int = '', frac = ''] = m;
  if (int === '' && frac === '') return undefined;
  if (frac.length > PLACES || int.replace(/^0+/, '').length > 30) return undefined;
  const units = BigInt(int || '0') * ONE + BigInt((frac + '0'.repeat(PLACES)).slice(0, PLACES));
  return sign === '-' ? -units : units;
}

/** A Dec from an integer or a short decimal literal written in code (never from user input). */
export function dec(value: string | number | bigint): Dec {
  if (typeof value === 'bigint') return value * ONE;
  const parsed = parseDec(typeof value === 'number' ? value.toString() : value);
  if (parsed === undefined) throw new RangeError(`not a decimal: ${value}`);
  return parsed;
}

export type Rounding = 'down' | 'up' | 'half-even' | 'half-up';

/** 10^(18 − places) for places 0..18: the step `round` works in (computed once, not per call). */
const STEPS: readonly bigint[] = Array.from({ length: PLACES + 1 }, (_, places) => 10n ** BigInt(PLACES - places));

/** Rounds to `places` fractional digits (0..18). 'down'/'up' are toward/away from zero. */
export function round(x: Dec, places: number, mode: Rounding = 'half-even'): Dec {
  const step = STEPS[places] ?? 10n ** BigInt(PLACES - places);
  // Prices on their tick and volumes on their lot are already round: the common case, kept cheap.
  if (x % step === 0n) return x;
  return divRaw(x, step, mode) * step;
}

/** Fixed-point text with exactly `places` fractional digits, rounded with `mode`. */
export function fmt(x: Dec, places: number, mode: Rounding = 'half-even'): string {
  const r = round(x, places, mode);
  const neg = r < 0n;
  const a = neg ? -r : r;
  const int = a / ONE;
  const frac = (a % ONE).toString().padStart(PLACES, '0').slice(0, places);
  return (neg ? '-' : '') + int.toString() + (places > 0 ? '.' + frac : '');
}

/** Text with trailing zeros trimmed, keeping at least `minPlaces` and at most `maxPlaces` digits. */
export function fmtTrim(x: Dec, maxPlaces: number, minPlaces = 0): string {
  const full = fmt(x, maxPlaces);
  if (maxPlaces === 0) return full;
  const [int, frac = ''] = full.split('.');
  let f = frac.replace(/0+$/, '');
  if (f.length < minPlaces) f = f.padEnd(minPlaces, '0');
  return f.length ? `${int}.${f}` : (int as string);
}

/** a × b, rounded to 18 places. */
export function mul(a: Dec, b: Dec, mode: Rounding = 'half-even'): Dec {
  return divRaw(a * b, ONE, mode);
}

/** a ÷ b, rounded to 18 places; b must not be zero. */
export function div(a: Dec, b: Dec, mode: Rounding = 'half-even'): Dec {
  if (b === 0n) throw new RangeError('division by zero');
  return divRaw(a * ONE, b, mode);
}

/** n ÷ d as an integer, rounded with `mode` (directions are relative to zero). */
function divRaw(n: bigint, d: bigint, mode: Rounding): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  const r = an % ad;
  if (r !== 0n) {
    if (mode === 'up') q += 1n;
    else if (mode === 'half-up') q += r * 2n >= ad ? 1n : 0n;
    else if (mode === 'half-even') {
      const twice = r * 2n;
      if (twice > ad || (twice === ad && q % 2n === 1n)) q += 1n;
    }
  }
  return neg ? -q : q;
}

/** a + b, giving `b` itself when `a` is zero: a running total's first term is kept rather than copied (a bigint never changes, so sharing it is safe). */
export const plus = (a: Dec, b: Dec): Dec => (a === ZERO ? b : a + b);

export const min = (a: Dec, b: Dec): Dec => (a < b ? a : b);
export const max = (a: Dec, b: Dec): Dec => (a > b ? a : b);

/** True when x is a whole multiple of step (step > 0). */
export function isMultiple(x: Dec, step: Dec): boolean {
  return x % step === 0n;
}

/** Closest float, for the market model and for WebSocket JSON numbers; never for balances. */
export function toNumber(x: Dec): number {
  return Number(fmt(x, PLACES));
}

/** Rounds a float (a model price) to a Dec with `places` digits. */
export function fromNumber(x: number, places: number): Dec {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return dec(x.toFixed(places));
}
