import WebSocket from 'ws';
import { sign } from '../src/api/kraken/rest/auth.js';

/** A WebSocket test client: every frame is queued, so a test can wait for the one it wants. */
export interface WsTestClient {
  ws: WebSocket;
  /** The next frame (parsed) matching `match`, waiting for it if need be. */
  next(match?: (m: any) => boolean): Promise<any>;
  /** The same, as the raw text the server sent (for checksums over the wire digits). */
  nextText(match?: (m: any) => boolean): Promise<string>;
  send(o: unknown): void;
}

export function connectWs(url: string): Promise<WsTestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const queue: { text: string; msg: any }[] = [];
    const waiters: { match: (m: any) => boolean; resolve: (f: { text: string; msg: any }) => void }[] = [];
    ws.on('message', (d) => {
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
