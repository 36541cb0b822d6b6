import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';
import { promisify } from 'node:util';

/** Node's largest timer delay (ms); larger ones it replaces with 1 ms. */
const TIMEOUT_MAX = 2 ** 31 - 1;

/**
 * The real delay for a timer of `ms` simulated milliseconds at `speed`: what Node takes as a delay
 * (a number, or numeric text, from 1 to TIMEOUT_MAX) divided by the speed; anything else is passed
 * on unchanged, so Node treats it exactly as it would have (0, a missing delay and NaN are 1 ms).
 * Node runs timers to the whole millisecond, so a delay under `speed` ms still waits 1 real ms.
 */
export function realDelay(ms: unknown, speed: number): unknown {
  if (typeof ms !== 'number' && typeof ms !== 'string') return ms;
  const n = Number(ms);
  return n >= 1 && n <= TIMEOUT_MAX ? Math.min(n / speed, TIMEOUT_MAX) : ms;
}

type AnyFn = (...args: never[]) => unknown;

/** `real` with its delay argument (at `index`) turned into real time; same name and length. */
function scaled<F extends AnyFn>(real: F, index: number, speed: number): F {
  const fn = function (this: unknown, ...args: unknown[]): unknown {
    if (args.length > index) args[index] = realDelay(args[index], speed);
    return Reflect.apply(real, this, args);
  };
  Object.defineProperty(fn, 'name', { value: real.name });
  Object.defineProperty(fn, 'length', { value: real.length });
  return fn as unknown as F;
}

/**
 * Makes this process's timers wait simulated time at `speed`: the global and `node:timers`
 * `setTimeout` and `setInterval` (and `util.promisify(setTimeout)`), `node:timers/promises`'
 * `setTimeout`, `setInterval` and `scheduler.wait`, `AbortSignal.timeout`, and socket idle
 * timeouts (`socket.setTimeout`, so also `http` request and agent `timeout`s). The timers stay
 * Node's own, only their delays are divided: ordering among timers, immediates and I/O, `ref` and
 * `unref`, `refresh` and the clear* functions behave as in plain Node, and the process exits when
 * nothing is left to wait for. `setImmediate` and `process.nextTick` wait for no time and are left alone.
 */
export function warpTimers(speed: number): void {
  const wait = timersPromises.scheduler.wait;
  const promises = {
    setTimeout: scaled(timersPromises.setTimeout, 0, speed),
    setInterval: scaled(timersPromises.setInterval, 0, speed),
  };
  Object.assign(timersPromises, promises);
  Object.defineProperty(timersPromises.scheduler, 'wait', { value: scaled(wait, 0, speed), writable: true, configurable: true });

  const setTimeout = scaled(timers.setTimeout, 1, speed);
  Object.defineProperty(setTimeout, promisify.custom, { value: promises.setTimeout, configurable: true });
  const setInterval = scaled(timers.setInterval, 1, speed);
  Object.assign(timers, { setTimeout, setInterval });
  Object.assign(globalThis, { setTimeout, setInterval });
  // ES module imports of node:timers and node:timers/promises see the new functions too.
  syncBuiltinESMExports();

  const realAbortTimeout = AbortSignal.timeout.bind(AbortSignal);
  // AbortSignal.timeout takes whole milliseconds (an unsigned 32-bit number) only.
  AbortSignal.timeout = (ms: number) => realAbortTimeout(Number.isInteger(ms) && ms > 0 ? Math.min(Math.max(1, Math.round(ms / speed)), 2 ** 32 - 1) : ms);

  const realSocketTimeout = net.Socket.prototype.setTimeout;
  net.Socket.prototype.setTimeout = function (this: net.Socket, ms: number, callback?: () => void) {
    return realSocketTimeout.call(this, typeof ms === 'number' && ms > 0 && Number.isFinite(ms) ? Math.min(ms / speed, TIMEOUT_MAX) : ms, callback);
  };
}
