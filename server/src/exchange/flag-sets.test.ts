import { describe, expect, it } from 'vitest';
import { flagSet, withFlag } from './flag-sets.js';
import type { OrderFlag } from './types.js';

describe('flagSet', () => {
  it('gives every order with the same flags, in any order, the same set, holding exactly those flags', () => {
    const a = flagSet(['fciq', 'post']);
    expect(flagSet(new Set<OrderFlag>(['post', 'fciq']))).toBe(a);
    expect([...a].sort()).toEqual(['fciq', 'post']);
    expect(flagSet([])).toBe(flagSet(new Set()));
    expect(flagSet([]).size).toBe(0);
    expect(flagSet(['post'])).not.toBe(a);
  });

  it('refuses changes to a shared set and unknown flags', () => {
    const shared = flagSet(['post']) as Set<OrderFlag>;
    expect(() => shared.add('viqc')).toThrow(TypeError);
    expect(() => shared.delete('post')).toThrow(TypeError);
    expect(() => shared.clear()).toThrow(TypeError);
    expect([...flagSet(['post'])]).toEqual(['post']);
    expect(() => flagSet(['lots' as OrderFlag])).toThrow('unknown order flag lots');
  });

  it('withFlag adds or takes out one flag and leaves the set it was given as it was', () => {
    const base = flagSet(['fcib']);
    expect(withFlag(base, 'post', true)).toBe(flagSet(['post', 'fcib']));
    expect(withFlag(withFlag(base, 'post', true), 'post', false)).toBe(base);
    expect(withFlag(base, 'post', false)).toBe(base);
    expect([...base]).toEqual(['fcib']);
  });
});
