// The fan-out baseline: a bare `ws` server sending one frame of BENCH_FRAME_BYTES bytes to every
// client BENCH_RATE times a second (drift-corrected), as a plain broadcast loop would.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const size = Number(process.env.BENCH_FRAME_BYTES);
const rate = Number(process.env.BENCH_RATE);
if (!(size > 20) || !(rate > 0)) throw new Error('BENCH_FRAME_BYTES (> 20) and BENCH_RATE (> 0) must be set');
const server = createServer();
const wss = new WebSocketServer({ server });
let seq = 0;
/** A JSON text frame of exactly `size` bytes, different each round like a book diff. */
const frame = (): string => {
  const head = `{"channel":"book","type":"update","seq":${seq++},"pad":"`;
  return `${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`;
};
const period = 1000 / rate;
const began = performance.now();
let round = 0;
const tick = (): void => {
  const text = frame();
  for (const ws of wss.clients) ws.send(text);
  round++;
  setTimeout(tick, Math.max(0, began + round * period - performance.now()));
};
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare ws listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  tick();
});
// The broadcast timer never ends on its own: leave at once.
process.once('SIGTERM', () => process.exit(0));
