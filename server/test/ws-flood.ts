import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectWs } from './ws-client.js';

/** What a flooding client sends: pings as fast as it can, 59 KB subscribes naming one symbol 5,900 times, or 3,000 resubscribes at depth 1000. */
export type FloodKind = 'pings' | 'huge-subscribe' | 'resubscribe';

/**
 * The flooding client, run as its own process so that it has its own event loop (and core), as
 * the tester's client had: it prints `flooding` once it starts sending and `sent N` when done, and
 * reads every reply (counting them) so that the server never sees a slow consumer.
 */
const FLOODER = `
import WebSocket from 'ws';
const [url, kind, ms] = process.argv.slice(1);
const ws = new WebSocket(url);
let replies = 0;
ws.on('message', () => replies++);
ws.on('close', (code, reason) => console.log('closed ' + code + ' ' + reason + ' after ' + replies + ' replies'));
ws.on('error', (e) => console.log('error ' + e.message));
ws.once('open', () => {
  console.log('flooding');
  if (kind === 'pings') {
    const ping = '{"method":"ping"}';
    const end = performance.now() + Number(ms);
    let sent = 0;
    const burst = () => {
      if (ws.readyState !== 1) return;
      if (performance.now() > end) return console.log('sent ' + sent);
      for (let i = 0; i < 5000 && ws.bufferedAmount < 1 << 20; i++) { ws.send(ping); sent++; }
      // While the server is not reading, wait as a blocked writer would instead of spinning.
      if (ws.bufferedAmount < 1 << 20) setImmediate(burst);
      else setTimeout(burst, 1);
    };
    burst();
  } else if (kind === 'huge-subscribe') {
    const text = JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: Array(5900).fill('BTC/USD'), depth: 1000 }, req_id: 1 });
    for (let i = 0; i < 5; i++) ws.send(text);
    console.log('sent 5 of ' + text.length + ' bytes');
  } else {
    for (let i = 0; i < 3000; i++) ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 1000 }, req_id: i }));
    console.log('sent 3000');
  }
});
`;

/** A running flooder: its output lines so far, and `stop()` to end it (by its own pid). */
export interface Flood {
  lines: string[];
  stop(): Promise<void>;
}

/** Starts a flooding client against `url` in a child process; resolves once it has started sending. */
export function startFlood(url: string, kind: FloodKind, ms = 2_000): Promise<Flood> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--input-type=module', '-e', FLOODER, url, kind, String(ms)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the flooder exited (${code}) before flooding: ${lines.join('; ')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line === 'flooding') resolve({ lines, stop: async () => { child.kill(); await exited; } });
    });
  });
}

/** Round trips of a probe, in ms, sorted; p99 and max for the report. */
export interface Latency {
  samples: number[];
  p50: number;
  p99: number;
  max: number;
}

/**
 * Another client's view of the server while `during` runs (started once the probe is connected,
 * so a stall it causes at once is inside the window): a v2 ping every `everyMs` for `forMs`, each
 * round trip counted from the moment the ping was due (not when a busy loop got round to sending
 * it), so a stall shows in every ping it delays rather than in one.
 */
export async function probeLatency(url: string, during: () => Promise<unknown>, forMs = 2_000, everyMs = 10): Promise<Latency> {
  const c = await connectWs(url);
  await c.next((m) => m.channel === 'status');
  const count = Math.floor(forMs / everyMs);
  const due: number[] = [];
  const rtts: Promise<number>[] = [];
  const start = performance.now();
  const alongside = during();
  for (let i = 0; i < count; i++) {
    due[i] = start + i * everyMs;
    const wait = due[i]! - performance.now();
    if (wait > 0) await sleep(wait);
    c.send({ method: 'ping', req_id: i });
    rtts.push(c.next((m) => m.method === 'pong' && m.req_id === i).then(() => performance.now() - due[i]!));
  }
  const samples = (await Promise.all(rtts)).sort((a, b) => a - b);
  await alongside;
  c.ws.close();
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  return { samples, p50: at(0.5), p99: at(0.99), max: samples[samples.length - 1]! };
}
