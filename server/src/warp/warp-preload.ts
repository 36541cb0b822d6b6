import { warpClock } from './warp-clock.js';
import { readWarpEnv } from './warp-env.js';
import { warpTimers } from './warp-timers.js';

/**
 * The bot's time warp, preloaded into each of its Node.js processes by `chaos-exchange run`
 * (`NODE_OPTIONS=--import <this file>`): when the CHAOS_EXCHANGE_WARP_* variables are set, the
 * process reads and waits simulated time from its first line of code on (warpClock, warpTimers;
 * docs/time-warp.md says what is and is not warped). Importing it is all it takes, which is the
 * point of a preload; without the variables it does nothing. A second copy in the same process
 * (another install's preload) leaves the first one's warp as it is.
 */
const INSTALLED = Symbol.for('chaos-exchange.time-warp');

const spec = readWarpEnv(process.env);
const scope = globalThis as { [INSTALLED]?: true };
// Under libfaketime (a bot that is not Node.js, see faketime.ts) the process is warped already.
const underFaketime = /faketime/.test(process.env.LD_PRELOAD ?? '') && (process.env.FAKETIME ?? '') !== '';
if (spec && !scope[INSTALLED] && !underFaketime) {
  scope[INSTALLED] = true;
  warpClock(spec);
  warpTimers(spec.speed);
}
