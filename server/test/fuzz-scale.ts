/**
 * How hard the property tests fuzz. `FUZZ_SCALE` (a positive integer, default 1) multiplies every
 * property's run count: `npm test` keeps the default, `npm run fuzz` sets 50. Seeds stay fixed, so
 * a scaled run replays the default run's cases first and then goes further.
 */
export function fuzzScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FUZZ_SCALE;
  if (raw === undefined || raw === '') return 1;
  if (!/^[1-9]\d{0,5}$/.test(raw.trim())) {
    throw new Error(`FUZZ_SCALE must be a positive integer such as 1 or 50 (how many times the default runs), found ${JSON.stringify(raw)}`);
  }
  return Number(raw.trim());
}

/** fast-check's `numRuns` for a property whose default-run budget is `base` runs, times FUZZ_SCALE. */
export function fuzzRuns(base: number, env: NodeJS.ProcessEnv = process.env): number {
  return base * fuzzScale(env);
}

/**
 * A per-test timeout in milliseconds for a fuzzing test: `baseMs` (the suite's usual 30 s) on a
 * default run, and that much per unit of scale when scaled, since the runs grow with the scale.
 */
export function fuzzTimeout(baseMs = 30_000, env: NodeJS.ProcessEnv = process.env): number {
  return baseMs * fuzzScale(env);
}
