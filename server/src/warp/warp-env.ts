/**
 * Where a bot's simulated time stands and how fast it runs: simulated time was `simAt` (ms since
 * the epoch) when the real wall clock read `realAt`, and runs `speed` times faster than real time
 * from there. Every process of the bot derives its clock from these three numbers and the host's
 * clock, so processes started at different times agree with each other and with the exchange.
 */
export interface WarpSpec {
  speed: number;
  simAt: number;
  realAt: number;
}

/** The environment variables that carry a WarpSpec to the bot's processes (read by the Node preload). */
export const WARP_ENV = {
  speed: 'CHAOS_EXCHANGE_WARP_SPEED',
  simAt: 'CHAOS_EXCHANGE_WARP_START',
  realAt: 'CHAOS_EXCHANGE_WARP_REAL',
} as const;

/** The WARP_ENV variables for `spec`, as decimal strings. */
export function warpEnv(spec: WarpSpec): Record<string, string> {
  return { [WARP_ENV.speed]: String(spec.speed), [WARP_ENV.simAt]: String(spec.simAt), [WARP_ENV.realAt]: String(spec.realAt) };
}

/**
 * The WarpSpec in `env`, or undefined when none of its variables is set. Throws, naming the
 * variable, when one is set but missing, not a number, or (speed) not above 0: a bot half set up
 * must fail at start rather than run unwarped.
 */
export function readWarpEnv(env: Record<string, string | undefined>): WarpSpec | undefined {
  const names = Object.values(WARP_ENV);
  if (names.every((n) => env[n] === undefined || env[n] === '')) return undefined;
  const read = (name: string): number => {
    const text = env[name];
    const n = text === undefined || text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(n)) throw new Error(`chaos-exchange time warp: ${name} must be a number, got ${JSON.stringify(text ?? null)} (set all of ${names.join(', ')}, or none)`);
    return n;
  };
  const spec = { speed: read(WARP_ENV.speed), simAt: read(WARP_ENV.simAt), realAt: read(WARP_ENV.realAt) };
  if (!(spec.speed > 0)) throw new Error(`chaos-exchange time warp: ${WARP_ENV.speed} must be above 0, got ${spec.speed}`);
  return spec;
}
