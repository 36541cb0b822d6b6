import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../../../clock/clock.js';
import type { Action } from '../../../faults/outcome.js';
import { envelope, MAX_BODY_BYTES, type HttpRequest } from './handler.js';
import type { Plan } from './service.js';
import { closeWhenClientLeaves } from '../../../http-mounts.js';

/** Waits `ms` of simulated time (the clock decides how long that is in real time). */
export const sleep = (clock: Clock, ms: number): Promise<void> =>
  new Promise((resolve) => (ms > 0 ? clock.after(ms, resolve) : resolve()));

/**
 * Counts requests that cannot complete until simulated time moves (a scripted delay, a hang, a
 * dribbled body): a test driving a manual clock knows the server is waiting when a client's
 * in-flight requests all sit here.
 */
export class ClockWaits {
  private n = 0;

  get count(): number {
    return this.n;
  }

  add(delta: number): void {
    this.n += delta;
  }
}

/**
 * `headers` and a Content-Length, in a new object filled key by key. An object spread here
 * (`{ ...headers, 'content-length': n }`) had V8 put about 240 bytes in the old generation of the
 * heap on every reply, which under load grew the heap well beyond what it held.
 */
function withLength(headers: Readonly<Record<string, string>>, length: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(headers)) out[key] = headers[key]!;
  out['content-length'] = String(length);
  return out;
}

/** Carries out an Action on an HTTP response: reply, reset, hang, cut off or dribble (a HEAD request gets the headers only). */
export async function perform(action: Action, res: ServerResponse, clock: Clock, head = false): Promise<void> {
  switch (action.kind) {
    case 'respond': {
      const bytes = Buffer.from(action.body);
      res.writeHead(action.status, withLength(action.headers, bytes.length));
      res.end(head ? undefined : bytes);
      return;
    }
    case 'reset':
      res.socket?.resetAndDestroy();
      return;
    case 'hang':
      return; // never answered: the client times out (the socket closes with the server)
    case 'truncate': {
      const bytes = Buffer.from(action.body);
      res.writeHead(action.status, withLength(action.headers, bytes.length));
      res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => res.socket?.destroy());
      return;
    }
    case 'dribble': {
      const bytes = Buffer.from(action.body);
      res.writeHead(action.status, withLength(action.headers, bytes.length));
      for (let i = 0; i < bytes.length; i += action.chunkBytes) {
        if (i > 0) await sleep(clock, action.intervalMs);
        if (res.destroyed) return;
        res.write(bytes.subarray(i, i + action.chunkBytes));
      }
      res.end();
    }
  }
}

/** The raw body, or why it cannot be had: over MAX_BODY_BYTES, or sent compressed (Kraken clients send plain forms or JSON). */
function readBody(req: IncomingMessage): Promise<{ body: string } | { problem: string }> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.resolve({ problem: 'body too large' });
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? { problem: 'body too large' } : encoding !== 'identity' ? { problem: 'unreadable body' } : { body: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolve({ problem: 'unreadable body' }));
  });
}

/**
 * Serves the Kraken service on plain `node:http` (no framework on the hot path: the route table,
 * fault rules and journal are the service's). The body is read raw (API-Sign is computed over the
 * exact bytes) with a size limit; a body that cannot be read is a Kraken error. Each request's
 * Plan is carried out: scripted delay on the simulated clock, then the Action.
 */
export function krakenHttpHandler(service: (req: HttpRequest) => Plan, clock: Clock, waits?: ClockWaits): RequestListener {
  return (req, res) => void handle(req, res, service, clock, waits).catch((err: unknown) => internalError(req, res, err));
}

/** A bug in the exchange: said on stderr and answered 500 with Kraken's internal error, never a crash of the whole server. */
function internalError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  console.error(`chaos-exchange: internal error on ${req.method} ${req.url}:`, err);
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ error: ['EGeneral:Internal error'] });
  res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse, service: (req: HttpRequest) => Plan, clock: Clock, waits?: ClockWaits): Promise<void> {
  const read = await readBody(req);
  const head = req.method === 'HEAD';
  if ('problem' in read) {
    const out = envelope({ ok: false, errors: [`EGeneral:Invalid arguments:${read.problem}`] });
    return perform({ kind: 'respond', ...out }, res, clock, head);
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
  const plan = service({ method: req.method ?? 'GET', path: q >= 0 ? url.slice(0, q) : url, query: q >= 0 ? url.slice(q + 1) : '', headers, body: read.body, ip: req.socket.remoteAddress });
  const waiting = plan.delayMs > 0;
  if (waiting) waits?.add(1);
  await sleep(clock, plan.delayMs);
  if (waiting) waits?.add(-1);
  const action = plan.finish();
  // A hang, or a dribble still going out, waits on the clock until the client gives up or it ends.
  const blocked = action.kind === 'hang' || action.kind === 'dribble';
  if (blocked) waits?.add(1);
  if (action.kind === 'hang') {
    res.once('close', () => waits?.add(-1));
    closeWhenClientLeaves(req, res);
  }
  await perform(action, res, clock, head);
  if (action.kind === 'dribble') waits?.add(-1);
}
