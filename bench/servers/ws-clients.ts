// A process of WebSocket clients for the fan-out benchmark, driven over IPC by its parent.
// argv: URL COUNT MODE, MODE `book` (subscribe to the v2 book of BTC/USD, count its updates) or
// `all` (count every frame). Sends {ready} once every client is connected (and subscribed), then
// answers each {measure: ms} with {frames, bytes, all} counted over that window (`frames` and
// `bytes`: the counted frames; `all`: every frame, heartbeats included).
import WebSocket from 'ws';

/** What the parent sends: count frames for `measure` milliseconds. */
export interface MeasureRequest {
  measure: number;
}

/** What this process reports: `ready` once set up, then the counts of each window. */
export type ClientReport = { ready: true } | { frames: number; bytes: number; all: number };

const [url, countText, mode] = process.argv.slice(2);
if (!url || !countText || (mode !== 'book' && mode !== 'all')) throw new Error('usage: ws-clients URL COUNT book|all');
const count = Number(countText);
const UPDATE = Buffer.from('"type":"update"');
const BOOK = Buffer.from('"channel":"book"');
let frames = 0;
let bytes = 0;
let all = 0;
const send = (m: ClientReport): void => void process.send!(m);

/** Opens one client; resolves once connected and, in `book` mode, once its book snapshot came. */
function open(i: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url!, { skipUTF8Validation: true, perMessageDeflate: false });
    ws.once('error', reject);
    ws.on('message', (data: Buffer) => {
      all++;
      if (mode === 'all' || (data.includes(UPDATE) && data.includes(BOOK))) {
        frames++;
        bytes += data.length;
      } else if (data.includes(BOOK) && data.includes('"type":"snapshot"')) resolve(ws);
    });
    ws.once('open', () => {
      if (mode === 'all') return resolve(ws);
      ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 }, req_id: i }));
    });
  });
}

const sockets: WebSocket[] = [];
for (let i = 0; i < count; i += 50) sockets.push(...await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => open(i + j))));
process.on('message', (m: MeasureRequest) => {
  frames = 0;
  bytes = 0;
  all = 0;
  setTimeout(() => send({ frames, bytes, all }), m.measure);
});
process.on('disconnect', () => {
  for (const s of sockets) s.terminate();
});
send({ ready: true });
