import { type Dec, parseDec } from '../../../exchange/decimal.js';

/**
 * A request argument that is missing or malformed. Thrown only while reading arguments and caught
 * at the route boundary, where it becomes `EGeneral:Invalid arguments:<name>`.
 */
export class InvalidArgument extends Error {
  constructor(readonly field: string, readonly kraken = `EGeneral:Invalid arguments:${field}`) {
    super(kraken);
  }
}

const MAX_TEXT = 1024;

/**
 * Typed read access to a request's arguments (form fields, query string or JSON body, already
 * merged). Every getter either returns a well-formed value or throws InvalidArgument naming the field.
 */
export class Params {
  constructor(readonly raw: Readonly<Record<string, unknown>>) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== '';
  }

  str(name: string): string {
    const v = this.optStr(name);
    if (v === undefined) throw new InvalidArgument(name);
    return v;
  }

  optStr(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'boolean') return String(v);
    if (typeof v !== 'string' || v.length > MAX_TEXT) throw new InvalidArgument(name);
    return v;
  }

  /** A comma-separated list (or a JSON array of strings). */
  list(name: string): string[] | undefined {
    const v = this.raw[name];
    if (Array.isArray(v)) {
      if (v.length > 500 || !v.every((x) => typeof x === 'string' || typeof x === 'number')) throw new InvalidArgument(name);
      return v.map(String);
    }
    const s = this.optStr(name);
    if (s === undefined) return undefined;
    return s.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
  }

  bool(name: string): boolean {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return false;
    if (v === true || v === 'true' || v === '1' || v === 1) return true;
    if (v === false || v === 'false' || v === '0' || v === 0) return false;
    throw new InvalidArgument(name);
  }

  /** An integer within [min, max]; undefined when absent. */
  int(name: string, min = -(2 ** 31), max = 2 ** 31 - 1): number | undefined {
    const s = this.optStr(name);
    if (s === undefined) return undefined;
    if (!/^[+-]?\d{1,16}$/.test(s)) throw new InvalidArgument(name);
    const n = Number(s);
    if (n < min || n > max) throw new InvalidArgument(name);
    return n;
  }

  /** A non-negative decimal amount; undefined when absent. */
  dec(name: string): Dec | undefined {
    const s = this.optStr(name);
    if (s === undefined) return undefined;
    const d = parseDec(s);
    if (d === undefined || d < 0n) throw new InvalidArgument(name);
    return d;
  }

  /** A time given as unix seconds (fractional allowed); returned in ms. */
  time(name: string): number | undefined {
    const s = this.optStr(name);
    if (s === undefined) return undefined;
    if (!/^\d{1,12}(\.\d{1,9})?$/.test(s)) throw new InvalidArgument(name);
    return Math.round(Number(s) * 1000);
  }
}
