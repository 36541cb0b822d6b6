import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { faketimeEnv, findLibfaketime } from './faketime.js';
import { isNodeCommand } from './node-command.js';
import { warpEnv, type WarpSpec } from './warp-env.js';

/**
 * The compiled Node preload beside this module: dist/server/src/warp/ for the library, dist/cli/
 * for the CLI bundle (server/bundle-cli.mjs writes it there). Absent when running from the
 * TypeScript sources, where a caller passes a built one as `preload`.
 */
export const WARP_PRELOAD = new URL('./warp-preload.js', import.meta.url);

/**
 * How a bot lives in the exchange's simulated time: `node-preload` (its Node.js processes load the
 * warp through NODE_OPTIONS), `faketime` (libfaketime fakes the clock of all its processes; Node
 * ones still get the preload), `none` (nothing can warp it: its clock and timers stay real), or
 * `real-time` (nothing needs to: speed 1 and the exchange's clock is the real one).
 */
export type WarpHow = 'node-preload' | 'faketime' | 'none' | 'real-time';

/** What `run` does to start a bot in simulated time, and what to tell the user and write in the report. */
export interface BotWarp {
  how: WarpHow;
  /** Variables to add to the bot's environment (over the inherited ones). */
  env: Record<string, string>;
  /** The command to start (as given: every warp here goes through the environment). */
  command: string[];
  /** One line for the user; begins with `WARNING:` when the bot is not warped though it should be. */
  note: string;
}

/** Where simulated time stands when the bot starts, and what the bot inherits. */
export interface BotWarpOptions {
  /** Simulated time runs this many times faster than real time (above 0). */
  speed: number;
  /** Simulated ms since the epoch at the moment `realNow`: the exchange's `clock.now()`. */
  start: number;
  /** Real wall-clock ms since the epoch, read together with `start`. */
  realNow: number;
  /** The environment the bot inherits (NODE_OPTIONS, LD_PRELOAD and PATH are read from it); default process.env. */
  env?: Record<string, string | undefined>;
  /** The Node preload to load (default WARP_PRELOAD). */
  preload?: URL;
  /** libfaketime's library, or null for none; default: looked up (findLibfaketime). */
  libfaketime?: string | null;
}

/** Speed 1 and a clock within this much (ms) of the real one: the bot's own clock is already the exchange's. */
const REAL_TIME_SLACK_MS = 1_000;

/**
 * How to start `command` so that it lives in the exchange's simulated time (docs/time-warp.md):
 * NODE_OPTIONS preloads the warp into every Node.js process of the bot (set whatever the command
 * is, since a shell or script may start Node); a command that is not Node.js itself also gets
 * libfaketime when it is installed. When neither applies the note says so, loudly.
 */
export function botWarp(command: string[], o: BotWarpOptions): BotWarp {
  if (!(o.speed > 0)) throw new RangeError(`botWarp needs a speed above 0, got ${o.speed}`);
  const spec: WarpSpec = { speed: o.speed, simAt: o.start, realAt: o.realNow };
  const when = `x${o.speed} from ${new Date(o.start).toISOString()}`;
  if (o.speed === 1 && Math.abs(o.start - o.realNow) < REAL_TIME_SLACK_MS) {
    return { how: 'real-time', env: {}, command, note: 'the bot runs on the real clock, which is the exchange\'s (speed 1, no start date)' };
  }
  const base = o.env ?? process.env;
  const preload = o.preload ?? WARP_PRELOAD;
  const built = existsSync(fileURLToPath(preload));
  const env: Record<string, string> = built ? { ...warpEnv(spec), NODE_OPTIONS: nodeOptions(preload, base.NODE_OPTIONS) } : {};
  const unwarped = (why: string): BotWarp => ({
    how: 'none', env, command,
    note: `WARNING: the bot is NOT in simulated time: ${why}. Its clock, timers and sleeps run at real speed while the exchange runs ${when}, so it is judged as a bot ${o.speed} times slower than it is (docs/time-warp.md)`,
  });
  if (isNodeCommand(command, base)) {
    if (!built) return unwarped(`the time-warp preload is not built (${fileURLToPath(preload)})`);
    return { how: 'node-preload', env, command, note: `the bot's Node.js processes run in simulated time, ${when} (a preload in NODE_OPTIONS)` };
  }
  const lib = o.libfaketime === undefined ? findLibfaketime() : o.libfaketime ?? undefined;
  if (lib !== undefined) {
    return {
      how: 'faketime', env: { ...env, ...faketimeEnv(spec, lib, base) }, command,
      note: `the bot runs in simulated time, ${when}, under libfaketime; docs/time-warp.md says what libfaketime does not warp`,
    };
  }
  const nodeToo = built ? '; only Node.js processes it starts are warped' : '';
  return unwarped(`"${command[0] ?? ''}" is not a Node.js command and libfaketime is not installed (Debian: apt-get install faketime)${nodeToo}`);
}

/** NODE_OPTIONS that import `preload` first, then whatever `existing` asked for. */
function nodeOptions(preload: URL, existing: string | undefined): string {
  // A file: URL has no spaces or quotes (they are percent-encoded), so it is one NODE_OPTIONS word.
  const ours = `--import=${preload.href}`;
  return existing?.trim() ? `${ours} ${existing.trim()}` : ours;
}
