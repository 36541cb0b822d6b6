import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './api-gate.js';
import { Backoff, backoffDelay } from './backoff.js';

describe('backoff', () => {
  it('doubles from 4 s to a 60 s cap; jitter only adds, up to 25 %', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, 0))).toEqual([4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect([1, 4, 5].map((n) => backoffDelay(n, 0.5))).toEqual([4_500, 36_000, 67_500]);
  });

  it('counts failures in a row, holds the next call until the pause is over, starts over after a success', () => {
    const b = new Backoff(() => 0);
    b.failed(1_000);
    b.failed(6_000);
    expect([b.streak, b.readyAt]).toEqual([2, 14_000]);
    b.succeeded();
    b.failed(20_000);
    expect([b.streak, b.readyAt]).toEqual([1, 24_000]);
  });

  it('a Retry-After or a lockout only lengthens the pause; a hold never shortens one', () => {
    const b = new Backoff(() => 0);
    b.failed(0, 45_000);
    expect(b.readyAt).toBe(45_000);
    b.holdUntil(10_000);
    expect(b.readyAt).toBe(45_000);
    b.holdUntil(50_000);
    expect(b.readyAt).toBe(50_000);
  });

  it('reads Retry-After in seconds, as ccxt capitalises it; anything else is no Retry-After', () => {
    expect(retryAfterMs({ 'Retry-After': '45' })).toBe(45_000);
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2_000);
    expect(retryAfterMs({ 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' })).toBe(0);
    expect(retryAfterMs(undefined)).toBe(0);
  });
});
