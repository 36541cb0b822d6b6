import WebSocket from 'ws';
import { ClockProbe } from './clock-probe.js';
import { CLI, scenarioFile, type BenchConfig } from './config.js';
import { SequentialClient } from './http-client.js';
import { launch } from './launch.js';
import { fmt, median, ratio } from './stats.js';
import type { Row } from './table.js';

/** A mode the client saw, and when (client performance.now(), ms). */
interface Sighting {
  at: number;
  mode: string;
}

interface TimelineState {
  startedAt: string;
  timeline: { startMs: number; endMs: number; mode: string }[];
}

/** The next `count` scheduled edges (simulated epoch ms) after `from`, with the mode each brings, on a looping timeline. */
function edgesAfter(state: TimelineState, from: number, count: number): { at: number; mode: string }[] {
  const start = Date.parse(state.startedAt);
  const cycle = state.timeline[state.timeline.length - 1]!.endMs;
  const out: { at: number; mode: string }[] = [];
  for (let c = Math.max(0, Math.floor((from - start) / cycle)); out.length < count; c++) {
    for (const p of state.timeline) {
      const at = start + c * cycle + p.startMs;
      if (at > from && out.length < count) out.push({ at, mode: p.mode });
    }
  }
  return out;
}

/** Lag of the first sighting of `mode` after an edge at client time `at` (looking half a phase back, to catch early flips). */
const lagOf = (seen: Sighting[], at: number, mode: string, window: number): number =>
  (seen.find((s) => s.at > at - window && s.mode === mode)?.at ?? Number.NaN) - at;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Benchmark 3: one-second phases alternating online / maintenance on the real clock. A WebSocket
 * v2 client records status frames and a REST client polls SystemStatus back to back; each edge's
 * lag is the first sighting of the new mode minus the instant the server's clock reached the
 * edge (located by ClockProbe). Baselines: the WebSocket's one-way delay (ping round trip / 2)
 * and the poll interval, the granularity of each way of looking.
 */
export async function phaseEdge(cfg: BenchConfig): Promise<Row[]> {
  const server = await launch([CLI, 'serve', '--port', '0', '--scenario', scenarioFile('phase-edge.yaml')]);
  const polls = new SequentialClient(server.url);
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v2`);
  try {
    const ws: Sighting[] = [];
    socket.on('message', (data: Buffer) => {
      const m = /"channel":"status".*"system":"([a-z_]+)"/.exec(data.toString());
      if (m) ws.push({ at: performance.now(), mode: m[1]! });
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const probe = new ClockProbe(socket);
    for (let i = 0; i < 20; i++, await sleep(5)) probe.ping();
    const state = JSON.parse((await polls.get('/__chaos/state')).body) as TimelineState;
    const phaseMs = state.timeline[0]!.endMs - state.timeline[0]!.startMs;
    const edges = edgesAfter(state, performance.now() + probe.offset() + 300, cfg.edges);
    const pinger = setInterval(() => probe.ping(), 20);
    const rest: Sighting[] = [];
    const gaps: number[] = [];
    const end = edges[edges.length - 1]!.at - probe.offset() + 200;
    while (performance.now() < end) {
      const r = await polls.get('/0/public/SystemStatus');
      const at = performance.now();
      if (rest.length) gaps.push(at - rest[rest.length - 1]!.at);
      rest.push({ at, mode: (JSON.parse(r.body) as { result: { status: string } }).result.status });
    }
    clearInterval(pinger);
    const offset = probe.offset();
    const wsLags = edges.map((e) => lagOf(ws, e.at - offset, e.mode, phaseMs / 2));
    const restLags = edges.map((e) => lagOf(rest, e.at - offset, e.mode, phaseMs / 2));
    const oneWay = probe.oneWay();
    const worst = (xs: number[]): number => (xs.some(Number.isNaN) ? Number.NaN : Math.max(...xs));
    const pair = (xs: number[]): string => `${fmt(median(xs), 2)} / ${fmt(worst(xs), 2)} ms`;
    return [
      {
        goal: 3, figure: `phase edge → WS status frame: lag p50 / max (${edges.length} edges)`, measured: pair(wsLags),
        baseline: `WS one-way ${pair(oneWay)}`, ratio: ratio(median(wsLags), median(oneWay)), target: 'p50 ≤ 5 ms', verdict: median(wsLags) <= 5 ? 'pass' : 'miss',
      },
      {
        goal: 3, figure: `phase edge → SystemStatus poll: lag p50 / max (${edges.length} edges)`, measured: pair(restLags),
        baseline: `poll interval ${pair(gaps)}`, ratio: ratio(median(restLags), median(gaps)), target: 'p50 ≤ 5 ms', verdict: median(restLags) <= 5 ? 'pass' : 'miss',
      },
    ];
  } finally {
    socket.terminate();
    polls.close();
    await server.stop();
  }
}
