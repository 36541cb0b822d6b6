import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CLI, serverScript, type BenchConfig } from './config.js';
import { launch, type Launched } from './launch.js';
import type { ClientReport } from './servers/ws-clients.js';
import { fmt, ratio } from './stats.js';
import type { Row } from './table.js';

const SUBSCRIBERS = 1000;
/** Client processes the subscribers are spread over. */
const CLIENT_PROCESSES = 2;

/** What a window of counting saw across all client processes. */
interface Delivered {
  /** Frames per second, all subscribers together. */
  rate: number;
  /** Mean frame size in bytes. */
  frameBytes: number;
  /** Publish rounds per second each subscriber saw (counted frames plus heartbeats). */
  roundsPerSubscriber: number;
}

/** Rejects if `p` takes longer than `ms` (a client that never gets its snapshot must not hang the run). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Opens SUBSCRIBERS clients in CLIENT_PROCESSES processes, counts frames for `seconds`, closes them. */
async function deliver(url: string, mode: 'book' | 'all', seconds: number): Promise<Delivered> {
  const per = SUBSCRIBERS / CLIENT_PROCESSES;
  const kids: ChildProcess[] = Array.from({ length: CLIENT_PROCESSES }, () => fork(serverScript('ws-clients.js'), [url, String(per), mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const next = (kid: ChildProcess): Promise<ClientReport> => Promise.race([
    once(kid, 'message').then(([m]) => m as ClientReport),
    once(kid, 'exit').then(([code]) => Promise.reject(new Error(`a ws-clients process exited (${String(code)}) before reporting`))),
  ]);
  try {
    await within(Promise.all(kids.map(next)), 60_000, `opening ${SUBSCRIBERS} subscribers`);
    const reports = kids.map(next);
    for (const kid of kids) kid.send({ measure: seconds * 1000 });
    const counts = (await within(Promise.all(reports), seconds * 1000 + 10_000, 'counting frames')) as { frames: number; bytes: number; all: number }[];
    const sum = (k: 'frames' | 'bytes' | 'all'): number => counts.reduce((s, c) => s + c[k], 0);
    return { rate: sum('frames') / seconds, frameBytes: sum('bytes') / sum('frames'), roundsPerSubscriber: sum('all') / seconds / SUBSCRIBERS };
  } finally {
    for (const kid of kids) {
      if (kid.exitCode !== null || kid.signalCode !== null) continue;
      const exited = once(kid, 'exit');
      if (kid.connected) kid.disconnect();
      kid.kill('SIGTERM');
      await exited;
    }
  }
}

/** Runs `measure` against a launched server and stops it afterwards. */
async function against<T>(server: Launched, measure: (url: string) => Promise<T>): Promise<T> {
  try {
    return await measure(`${server.url.replace('http', 'ws')}/v2`);
  } finally {
    await server.stop();
  }
}

/**
 * Benchmark 6: book updates delivered per second to 1,000 subscribers of the v2 `book` channel
 * (BTC/USD, depth 10) with `serve --speed S` (S market steps, so S publish rounds, a second),
 * clients in separate processes. A round carries a book update when the top of the book moved,
 * else a heartbeat; the offered rate is S × the share of rounds that carried one. Baseline: a
 * bare `ws` server broadcasting frames of the same mean size at that offered rate to 1,000 clients.
 */
export async function wsFanout(cfg: BenchConfig): Promise<Row[]> {
  const speed = cfg.wsSpeed;
  const chaos = await against(await launch([CLI, 'serve', '--port', '0', '--scenario', 'calm', '--speed', String(speed)]), (url) => deliver(url, 'book', cfg.seconds));
  const offered = speed * (chaos.rate / SUBSCRIBERS / chaos.roundsPerSubscriber);
  const env = { BENCH_FRAME_BYTES: String(Math.round(chaos.frameBytes)), BENCH_RATE: String(offered) };
  const bare = await against(await launch([serverScript('bare-ws.js')], { env }), (url) => deliver(url, 'all', cfg.seconds));
  const k = fmt(SUBSCRIBERS);
  return [
    {
      goal: 6, figure: `book updates/s to ${k} subscribers (speed ${speed}, ${fmt(chaos.frameBytes)} B frames)`,
      measured: `${fmt(chaos.rate)} /s`, baseline: `bare ws ${fmt(bare.rate)} /s`, ratio: ratio(chaos.rate, bare.rate), target: '— (none set)', verdict: 'info',
    },
    {
      goal: 6, figure: `publish rounds/s each subscriber saw (speed ${speed})`, measured: `${fmt(chaos.roundsPerSubscriber, 1)} /s`,
      baseline: `scheduled ${speed} /s`, ratio: ratio(chaos.roundsPerSubscriber, speed), target: '— (none set)', verdict: 'info',
    },
  ];
}
