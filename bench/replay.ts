import { startExchange, type ManualClock } from 'chaos-exchange';
import type { BenchConfig } from './config.js';
import { SequentialClient } from './http-client.js';
import { fmt, ratio } from './stats.js';
import type { Row } from './table.js';

const HOUR = 60 * 60 * 1000;
/** Simulated milliseconds between two Ticker polls of the synthetic client. */
const POLL_MS = 2000;
const SCENARIO = 'overload';

/** Waits for `reply`, moving the manual clock to each timer the server sets meanwhile (a scripted delay). */
async function settle<T>(clock: ManualClock, reply: Promise<T>): Promise<T> {
  for (;;) {
    const next = await Promise.race([reply.then((v) => ({ v })), clock.nextSchedule().then((at) => ({ at }))]);
    if ('v' in next) return next.v;
    clock.advanceTo(Math.max(clock.now(), next.at));
  }
}

/**
 * Replays `ms` of the scenario on a manual clock in POLL_MS steps, with or without a client
 * polling Ticker over HTTP at each step; resolves with the real milliseconds taken (start-up
 * excluded) and how many polls were answered.
 */
async function replay(ms: number, poll: boolean): Promise<{ ms: number; polls: number; ok: number }> {
  const ex = await startExchange({ scenario: SCENARIO, clock: 'manual', port: 0 });
  const client = new SequentialClient(ex.url);
  const start = ex.clock.now();
  let polls = 0;
  let ok = 0;
  const began = performance.now();
  for (let t = start + POLL_MS; t <= start + ms; t += POLL_MS) {
    ex.clock.advanceTo(Math.max(ex.clock.now(), t));
    if (!poll) continue;
    const r = await settle(ex.clock, client.get('/0/public/Ticker?pair=XBTUSD'));
    polls++;
    if (r.status === 200 && r.body.startsWith('{"error":[]')) ok++;
  }
  const took = performance.now() - began;
  client.close();
  await ex.close();
  return { ms: took, polls, ok };
}

/**
 * Benchmark 5: one simulated hour of the built-in `overload` scenario (calm, then latency and
 * errors rising) on the manual clock, with a client polling Ticker through the HTTP server every
 * 2 simulated seconds, each scripted delay waited out by moving the clock. Baseline: the same
 * hour advanced in the same steps with no client, i.e. the market and scenario alone.
 */
export async function replayHour(_cfg: BenchConfig): Promise<Row[]> {
  await replay(10 * 60 * 1000, true);
  const bare = await replay(HOUR, false);
  const withClient = await replay(HOUR, true);
  return [{
    goal: 5, figure: `1 h of ${SCENARIO} on the manual clock, Ticker every 2 s (${fmt(withClient.polls)} polls, ${fmt(withClient.ok)} ok)`,
    measured: `${fmt(withClient.ms)} ms`, baseline: `same hour, no client ${fmt(bare.ms)} ms`, ratio: ratio(withClient.ms, bare.ms),
    target: '< 2,000 ms', verdict: withClient.ms < 2000 ? 'pass' : 'miss',
  }];
}
