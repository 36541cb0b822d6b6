import { describe, expect, it } from 'vitest';
import { fuzzRuns, fuzzScale, fuzzTimeout } from './fuzz-scale.js';

describe('FUZZ_SCALE (how hard the property tests fuzz)', () => {
  it('defaults to 1: runs and timeout as written', () => {
    expect(fuzzScale({})).toBe(1);
    expect(fuzzScale({ FUZZ_SCALE: '' })).toBe(1);
    expect(fuzzRuns(40, {})).toBe(40);
    expect(fuzzTimeout(30_000, {})).toBe(30_000);
  });

  it('multiplies run counts and the per-test timeout', () => {
    expect(fuzzRuns(40, { FUZZ_SCALE: '50' })).toBe(2_000);
    expect(fuzzTimeout(30_000, { FUZZ_SCALE: '50' })).toBe(1_500_000);
    expect(fuzzScale({ FUZZ_SCALE: ' 5 ' })).toBe(5);
  });

  it('refuses anything but a positive integer, saying what it found', () => {
    for (const bad of ['0', '-1', '1.5', 'abc', '1e3', '007', '9999999']) {
      expect(() => fuzzRuns(1, { FUZZ_SCALE: bad })).toThrow(`FUZZ_SCALE must be a positive integer such as 1 or 50 (how many times the default runs), found ${JSON.stringify(bad)}`);
    }
  });
});
