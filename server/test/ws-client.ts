import WebSocket from 'ws';
import { sign } from '../src/api/kraken/rest/auth.js';
import { bookChecksum } from '../src/api/kraken/ws/checksum.js';

/** A WebSocket test client: every frame is queued, so a test can wait for the one it wants. */
export interface WsTestClient {
  ws: WebSocket;
  /** The next frame (parsed) matching `match`, waiting for it if need be. */
  next(match?: (m: any) => boolean): Promise<any>;
  /** The same, as the raw text the server sent (for checksums over the wire digits). */
  nextText(match?: (m: any) => boolean): Promise<string>;
  send(o: unknown): void;
  /** How many frames have arrived so far (taken or not). */
  received(): number;
  /** Resolves with the close code and reason the client saw (1006 when the connection just dropped). */
  closed: Promise<{ code: number; reason: string }>;
}

export function connectWs(url: string): Promise<WsTestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const queue: { text: string; msg: any }[] = [];
    const waiters: { match: (m: any) => boolean; resolve: (f: { text: string; msg: any }) => void }[] = [];
    let count = 0;
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('message', (d) => {
      count++;
      const frame = { text: d.toString(), msg: JSON.parse(d.toString()) };
      const i = waiters.findIndex((w) => w.match(frame.msg));
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(frame);
      else queue.push(frame);
    });
    const take = (match: (m: any) => boolean): Promise<{ text: string; msg: any }> => new Promise((r) => {
      const i = queue.findIndex((f) => match(f.msg));
      if (i >= 0) r(queue.splice(i, 1)[0]!);
      else waiters.push({ match, resolve: r });
    });
    ws.once('error', reject);
    ws.once('open', () => resolve({
      ws,
      next: async (match = () => true) => (await take(match)).msg,
      nextText: async (match = () => true) => (await take(match)).text,
      send: (o) => ws.send(JSON.stringify(o)),
      received: () => count,
      closed,
    }));
  });
}

/** A WebSocket token for an account, from a signed GetWebSocketsToken call over HTTP. */
export async function wsToken(url: string, account: { key: string; secret: string }, nonce: number): Promise<string> {
  const body = `nonce=${nonce}`;
  const path = '/0/private/GetWebSocketsToken';
  const res = await fetch(`${url}${path}`, {
    method: 'POST', body,
    headers: { 'API-Key': account.key, 'API-Sign': sign(path, String(nonce), body, account.secret), 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return ((await res.json()) as { result: { token: string } }).result.token;
}

/** Levels of a v2 book frame as written on the wire (the numbers' text, trailing zeros kept). */
export function wireLevels(text: string, side: 'asks' | 'bids'): { price: string; qty: string }[] {
  const part = new RegExp(`"${side}":\\[(.*?)\\]`).exec(text)?.[1] ?? '';
  return [...part.matchAll(/\{"price":([0-9.]+),"qty":([0-9.]+)\}/g)].map((m) => ({ price: m[1]!, qty: m[2]! }));
}

/** A client's copy of a v2 book, kept as Kraken's docs say: apply levels, drop zeros, truncate to depth, check the CRC. */
export class BookMirror {
  private asks = new Map<string, string>();
  private bids = new Map<string, string>();

  constructor(private readonly depth = 10) {}

  /** Applies a snapshot or update frame (raw text); true when its checksum matches the book that results. */
  apply(text: string): boolean {
    const msg = JSON.parse(text);
    if (msg.type === 'snapshot') {
      this.asks.clear();
      this.bids.clear();
    }
    for (const side of ['asks', 'bids'] as const) {
      const book = this[side];
      for (const l of wireLevels(text, side)) {
        if (Number(l.qty) === 0) book.delete(l.price);
        else book.set(l.price, l.qty);
      }
      this[side] = new Map(this.sorted(side).slice(0, this.depth).map((l) => [l.price, l.qty]));
    }
    return msg.data[0].checksum === bookChecksum(this.sorted('asks'), this.sorted('bids'));
  }

  /** Applies a v1 book frame (`[id, {as,bs}|{a}|{b}…, name, pair]`); true when it has no checksum or its `c` matches. */
  applyV1(frame: any[]): boolean {
    const bodies = frame.slice(1, -2) as Record<string, string[][] | string>[];
    if (bodies[0]?.as) {
      this.asks.clear();
      this.bids.clear();
    }
    let c: string | undefined;
    for (const body of bodies) {
      for (const [key, side] of [['as', 'asks'], ['a', 'asks'], ['bs', 'bids'], ['b', 'bids']] as const) {
        for (const [price, qty] of (body[key] ?? []) as string[][]) {
          if (Number(qty) === 0) this[side].delete(price!);
          else this[side].set(price!, qty!);
        }
      }
      if (typeof body.c === 'string') c = body.c;
    }
    for (const side of ['asks', 'bids'] as const) this[side] = new Map(this.sorted(side).slice(0, this.depth).map((l) => [l.price, l.qty]));
    return c === undefined || c === String(bookChecksum(this.sorted('asks'), this.sorted('bids')));
  }

  private sorted(side: 'asks' | 'bids'): { price: string; qty: string }[] {
    const dir = side === 'asks' ? 1 : -1;
    return [...this[side]].map(([price, qty]) => ({ price, qty })).sort((a, b) => dir * (Number(a.price) - Number(b.price)));
  }
}

/** A frame as parsed; object frames also carry their raw `text` (book checksums are over the wire digits). */
export type Frame = any;

let pings = 1_000_000;

/** Every frame the server sent before answering a ping sent now (the server answers in order). */
export async function drain(c: WsTestClient, v1 = false): Promise<Frame[]> {
  const id = ++pings;
  c.send(v1 ? { event: 'ping', reqid: id } : { method: 'ping', req_id: id });
  const frames: Frame[] = [];
  for (;;) {
    const text = await c.nextText();
    const m = JSON.parse(text);
    if (v1 ? m.event === 'pong' && m.reqid === id : m.method === 'pong' && m.req_id === id) return frames;
    if (!Array.isArray(m)) Object.defineProperty(m, 'text', { value: text });
    frames.push(m);
  }
}

/** A connection attempt that the server ends: refused at the upgrade (`http 429`), or opened and then closed (`closed 1013 <reason>`). */
export function knock(url: string): Promise<{ outcome: string; frames: number; body?: string; server?: unknown }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let frames = 0;
    ws.on('message', () => frames++);
    ws.on('error', () => undefined);
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ outcome: `http ${res.statusCode}`, frames, body, server: res.headers.server }));
    });
    ws.on('close', (code, reason) => resolve({ outcome: `closed ${code} ${reason.toString()}`, frames }));
  });
}
