import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';
import { spawnCli, type CliRun } from './spawn-cli.js';

/** Half a minute past a whole minute: candles cut on simulated minutes start 30 s after it, not with it. */
const START = '2026-01-01T00:00:30Z';
const START_S = Date.parse(START) / 1000;

const SCENARIO = `name: replay
seed: 3
market:
  start: ${START}
  pairs:
    XBT/USD: { price: 60000, volatility: 0.8 }
timeline:
  - name: calm
    duration: 1m
  - name: busy
    events: { backlog: { duration: 10m, volatility: 3, trades: 4 } }
`;

const READY = /^chaos-exchange listening on (http:\/\/127\.0\.0\.1:\d+)( \(manual clock: time moves only through \/__chaos\/advance and \/__chaos\/jump\))?$/;

describe('serve --clock manual and market.start (a real process)', () => {
  const runs: CliRun[] = [];
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'chaos-exchange-clock-')));
  const file = join(tmp, 'replay.yaml');
  writeFileSync(file, SCENARIO);

  afterEach(() => {
    for (const run of runs.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** Starts `serve` on the scenario; resolves with its URL and whether its ready line says the clock is manual. */
  async function serve(args: string[], env: Record<string, string> = {}): Promise<{ url: string; manual: boolean; run: CliRun }> {
    const run = spawnCli(packageRoot(), ['--port', '0', '--scenario', file, ...args], { env });
    runs.push(run);
    const ready = READY.exec(await run.nextLine());
    expect(ready, run.stdout() + run.stderr()).not.toBeNull();
    return { url: ready?.[1] as string, manual: ready?.[2] !== undefined, run };
  }

  const get = async (url: string, path: string): Promise<string> => (await fetch(`${url}${path}`)).text();
  const control = async (url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const res = await fetch(`${url}/__chaos${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };
  const unixtime = async (url: string): Promise<number> => JSON.parse(await get(url, '/0/public/Time')).result.unixtime;
  /** Candle start times of an OHLC answer (unix seconds). */
  const candleTimes = (text: string): number[] => (JSON.parse(text).result.XXBTZUSD as [number][]).map((c) => c[0]);

  /** The public answers a bot reads, as text, in a fixed order. */
  const READS = ['/0/public/Time', '/0/public/Ticker?pair=XBTUSD', '/0/public/OHLC?pair=XBTUSD&interval=1', '/0/public/OHLC?pair=XBTUSD&interval=5', '/0/public/Depth?pair=XBTUSD&count=10'];
  const snapshot = async (url: string): Promise<string[]> => {
    const out: string[] = [];
    for (const path of READS) out.push(await get(url, path));
    return out;
  };

  /** The same control calls, with the answers read after each. */
  async function session(url: string): Promise<string[][]> {
    const seen = [await snapshot(url)];
    for (const by of ['90s', '1h', '25m']) {
      expect((await control(url, 'POST', '/advance', { by })).status).toBe(200);
      seen.push(await snapshot(url));
    }
    expect((await control(url, 'POST', '/jump', { phase: 'calm' })).status).toBe(200);
    seen.push(await snapshot(url));
    return seen;
  }

  it('two runs with the same seed and the same control calls answer Time, Ticker, OHLC and Depth byte for byte alike', async () => {
    const [a, b] = await Promise.all([serve(['--clock', 'manual', '--seed', '11']), serve([], { CHAOS_EXCHANGE_CLOCK: 'manual', CHAOS_EXCHANGE_SEED: '11' })]);
    expect([a.manual, b.manual]).toEqual([true, true]);
    const [seenA, seenB] = await Promise.all([session(a.url), session(b.url)]);
    expect(seenA).toEqual(seenB);
    // Time moved only with the calls: market.start, +90 s, +1 h, +25 m, then the next start of `calm` (a restart: market.start again).
    expect(seenA.map((s) => JSON.parse(s[0] as string).result.unixtime)).toEqual([START_S, START_S + 90, START_S + 3_690, START_S + 5_190, START_S]);
    // A different seed gives a different market.
    const c = await serve(['--clock', 'manual', '--seed', '12']);
    expect((await session(c.url))[3]).not.toEqual(seenA[3]);
  });

  it('the manual clock starts at market.start and stays there until told; pause, resume and speed answer 409 saying how it moves', async () => {
    const { url } = await serve(['--clock', 'manual']);
    expect(await unixtime(url)).toBe(START_S);
    expect((await control(url, 'GET', '/state')).json).toMatchObject({ clock: { kind: 'manual', now: '2026-01-01T00:00:30.000Z', speed: null }, startedAt: '2026-01-01T00:00:30.000Z' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await unixtime(url)).toBe(START_S);
    for (const [path, body] of [['/pause', {}], ['/resume', {}], ['/speed', { speed: 10 }]] as const) {
      const r = await control(url, 'POST', path, body);
      expect(r.status, path).toBe(409);
      expect(r.json.error).toBe(`${path.slice(1)}: the manual clock moves only through /__chaos/advance and /__chaos/jump`);
    }
    expect(await unixtime(url)).toBe(START_S);
  });

  it('candles are cut on simulated minutes: the first live one holds market.start, later ones start on whole minutes after it', async () => {
    const { url } = await serve(['--clock', 'manual']);
    await control(url, 'POST', '/advance', { by: '150s' });
    const minutes = candleTimes(await get(url, '/0/public/OHLC?pair=XBTUSD&interval=1'));
    expect(minutes.every((t) => t % 60 === 0)).toBe(true);
    expect(minutes.slice(-5)).toEqual([START_S - 90, START_S - 30, START_S + 30, START_S + 90, START_S + 150]);
    const fives = candleTimes(await get(url, '/0/public/OHLC?pair=XBTUSD&interval=5'));
    expect(fives.slice(-1)).toEqual([START_S - 30]);
    expect(fives.every((t) => t % 300 === 0)).toBe(true);
  });

  it('the system clock starts at market.start too and runs on from there at --speed, candles on its minutes', async () => {
    const { url, manual } = await serve(['--speed', '2']);
    expect(manual).toBe(false);
    const t = await unixtime(url);
    expect(t).toBeGreaterThanOrEqual(START_S);
    expect(t).toBeLessThan(START_S + 10);
    expect((await control(url, 'GET', '/state')).json).toMatchObject({ clock: { kind: 'system', speed: 2, paused: false }, startedAt: '2026-01-01T00:00:30.000Z' });
    // Still the minute that holds market.start (it ends 30 s of simulated time after it): the current candle is that minute's.
    expect(candleTimes(await get(url, '/0/public/OHLC?pair=XBTUSD&interval=1')).slice(-1)).toEqual([START_S - 30]);
    const later = await new Promise<number>((resolve) => setTimeout(() => void unixtime(url).then(resolve), 600));
    expect(later).toBeGreaterThan(t);
  });
});
