import type { WarpSpec } from './warp-env.js';

/**
 * Makes this process read simulated time (see WarpSpec): `Date.now()`, `new Date()` and `Date()`;
 * `performance.now()` (X times the real time since the process started) with `performance.timeOrigin`
 * moved so that `timeOrigin + now()` is the simulated epoch time; `process.hrtime()`,
 * `process.hrtime.bigint()` and `process.uptime()`. Progress is measured on the host's monotonic
 * clock, as the exchange's own clock does, so the two do not drift apart; only the anchor is read
 * from the wall clock, so every process of a bot agrees whenever it started.
 *
 * Dates built from a value (`new Date(ms)`, `Date.parse`, `Date.UTC`) are untouched, and dates made
 * before and after the warp are the same kind (`instanceof Date` holds for both).
 */
export function warpClock(spec: WarpSpec): void {
  const RealDate = globalThis.Date;
  const realPerfNow = performance.now.bind(performance);
  const mono0 = realPerfNow();
  const sim0 = spec.simAt + (RealDate.now() - spec.realAt) * spec.speed;
  const simExact = (): number => sim0 + (realPerfNow() - mono0) * spec.speed;
  const simNow = (): number => Math.floor(simExact());

  const WarpedDate = function Date(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(simNow()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [simNow()] : args, new.target);
  } as unknown as DateConstructor;
  Object.defineProperty(WarpedDate, 'length', { value: RealDate.length });
  Object.defineProperty(WarpedDate, 'prototype', { value: RealDate.prototype });
  Object.defineProperty(RealDate.prototype, 'constructor', { value: WarpedDate, writable: true, configurable: true });
  Object.assign(WarpedDate, { now: simNow, parse: RealDate.parse, UTC: RealDate.UTC });
  globalThis.Date = WarpedDate;

  const speed = spec.speed;
  Object.defineProperty(performance, 'now', { value: () => realPerfNow() * speed, writable: true, configurable: true });
  Object.defineProperty(performance, 'timeOrigin', { value: sim0 - mono0 * speed, configurable: true });

  const realHrtime = process.hrtime;
  const realBig = realHrtime.bigint;
  const big0 = realBig();
  const warpedBig = (): bigint => big0 + BigInt(Math.round(Number(realBig() - big0) * speed));
  const hrtime = (prev?: [number, number]): [number, number] => {
    // The real one checks `prev` and throws Node's own error for a bad one.
    if (prev !== undefined) realHrtime(prev);
    const t = warpedBig();
    const sec = Number(t / 1_000_000_000n);
    const nsec = Number(t % 1_000_000_000n);
    if (prev === undefined) return [sec, nsec];
    return nsec >= prev[1] ? [sec - prev[0], nsec - prev[1]] : [sec - prev[0] - 1, nsec - prev[1] + 1e9];
  };
  process.hrtime = Object.assign(hrtime, { bigint: warpedBig });
  const realUptime = process.uptime.bind(process);
  process.uptime = () => realUptime() * speed;
}
