import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WarpSpec } from './warp-env.js';

/** Folders libfaketime is installed in: Debian's and Ubuntu's multiarch folders, then the usual others. */
function faketimeDirs(): string[] {
  let multiarch: string[] = [];
  try {
    multiarch = readdirSync('/usr/lib').filter((d) => d.endsWith('-linux-gnu')).map((d) => join('/usr/lib', d, 'faketime'));
  } catch {
    // No /usr/lib (not a Linux system): the fixed folders below are tried, and will not be there either.
  }
  return [...multiarch, '/usr/lib/faketime', '/usr/lib64/faketime', '/usr/local/lib/faketime'];
}

/**
 * The path of libfaketime's shared library (Debian's `faketime` package), or undefined when it is
 * not installed or this is not Linux (libfaketime is loaded with LD_PRELOAD). The multi-threaded
 * build is preferred: a bot's runtime often has threads of its own (DNS lookups, thread pools).
 */
export function findLibfaketime(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const dir of faketimeDirs()) {
    for (const name of ['libfaketimeMT.so.1', 'libfaketime.so.1']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

/**
 * The environment that makes every non-Node process of a bot run in the simulated time of `spec`
 * under libfaketime at `lib`. FAKETIME is an offset from the real time (to the microsecond) and
 * a speed; libfaketime counts the speed from the start of the bot's first process, and
 * FAKETIME_DONT_RESET makes the processes it starts count from there too rather than from their
 * own start. Node.js processes the bot starts are warped by libfaketime too, and the Node preload
 * stands aside in them so that none is warped twice (FAKETIME_SKIP_CMDS, which would leave them to
 * the preload, crashes Node in V8's garbage collector). LD_PRELOAD keeps whatever `baseEnv`
 * preloads already.
 */
export function faketimeEnv(spec: WarpSpec, lib: string, baseEnv: Record<string, string | undefined>): Record<string, string> {
  const offset = (spec.simAt - spec.realAt) / 1000;
  const preload = baseEnv.LD_PRELOAD ? `${lib}:${baseEnv.LD_PRELOAD}` : lib;
  return {
    LD_PRELOAD: preload,
    FAKETIME: `${offset < 0 ? '-' : '+'}${Math.abs(offset).toFixed(6)} x${spec.speed}`,
    FAKETIME_DONT_RESET: '1',
  };
}
