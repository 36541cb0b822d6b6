import { describe, expect, it } from 'vitest';
import { dec, div, fmt, fmtTrim, mul, parseDec, round } from './decimal.js';

describe('decimal money', () => {
  it('parses decimal text exactly and refuses everything else', () => {
    expect(parseDec('0.1')! + parseDec('0.2')!).toBe(parseDec('0.3'));
    expect(parseDec('-1.5')).toBe(-dec('1.5'));
    expect(parseDec('.5')).toBe(dec('0.5'));
    for (const bad of ['', '.', '1e5', 'abc', '1.2.3', 'NaN', 'Infinity', '0x10', '1.0000000000000000001', '9'.repeat(31)]) {
      expect(parseDec(bad), bad).toBeUndefined();
    }
  });

  it('formats with exactly the requested places, as Kraken prints them', () => {
    expect(fmt(dec('30010'), 1)).toBe('30010.0');
    expect(fmt(dec('0.001'), 8)).toBe('0.00100000');
    expect(fmt(dec('-2.5'), 4)).toBe('-2.5000');
    expect(fmt(dec('7'), 0)).toBe('7');
    expect(fmtTrim(dec('2.059'), 8, 3)).toBe('2.059');
    expect(fmtTrim(dec('1'), 8, 3)).toBe('1.000');
    expect(fmtTrim(dec('0.12345678'), 8, 3)).toBe('0.12345678');
  });

  it('rounds half-even by default, and up/down on request', () => {
    expect(fmt(dec('0.125'), 2)).toBe('0.12');
    expect(fmt(dec('0.135'), 2)).toBe('0.14');
    expect(fmt(dec('0.121'), 2, 'up')).toBe('0.13');
    expect(fmt(dec('0.129'), 2, 'down')).toBe('0.12');
    expect(round(dec('-0.129'), 2, 'down')).toBe(dec('-0.12'));
  });

  it('multiplies and divides without binary floating point error', () => {
    expect(mul(dec('0.1'), dec('3'))).toBe(dec('0.3'));
    expect(mul(dec('30010.5'), dec('0.00012345'))).toBe(dec('3.704796225'));
    expect(div(dec('1'), dec('3'), 'down')).toBe(parseDec('0.333333333333333333'));
    expect(() => div(dec('1'), 0n)).toThrow(/division by zero/);
  });
});
