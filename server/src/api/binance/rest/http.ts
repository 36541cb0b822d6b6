import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../../../clock/clock.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Journal } from '../../../control/journal.js';
import { closeWhenClientLeaves } from '../../../http-mounts.js';
import { perform, sleep, type ClockWaits } from '../../kraken/rest/http.js';
import type { FaultSource, Plan } from '../../kraken/rest/service.js';
import type { BinanceRequest, BinanceResponse } from './handler.js';
import { createBinanceService } from './service.js';

/** Largest request body read (bytes); a larger one is answered 413 without being parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The raw body as sent, or undefined when it is larger than MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

function send(res: ServerResponse, out: BinanceResponse): void {
  res.writeHead(out.status, { ...out.headers, 'content-length': String(Buffer.byteLength(out.body)) });
  res.end(out.body);
}

/** What the handler plays a request through: the scenario's fault rules, the request journal, and the count of requests waiting on the clock. */
export interface BinanceHttpOptions {
  faults?: FaultSource | undefined;
  journal?: Journal | undefined;
  waits?: ClockWaits | undefined;
}

/**
 * Serves Binance Spot's REST API on plain `node:http` over an Exchange and a Clock, behind the
 * fault pipeline and the journal when given (see createBinanceService): a scripted delay on the
 * simulated clock, then the Action (a reply, an edge page, a reset, a hang, a mangled body).
 */
export function binanceHttpHandler(exchange: Exchange, clock: Clock, opts: BinanceHttpOptions = {}): RequestListener {
  const service = createBinanceService(exchange, clock, opts.faults, opts.journal);
  return (req, res) => void handle(req, res, service, clock, opts.waits).catch((err: unknown) => internalError(req, res, err));
}

async function handle(req: IncomingMessage, res: ServerResponse, service: (req: BinanceRequest) => Plan, clock: Clock, waits?: ClockWaits): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) return send(res, { status: 413, headers: { 'content-type': 'text/plain' }, body: 'Request Entity Too Large' });
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
  const plan = service({ method: req.method ?? 'GET', path: q >= 0 ? url.slice(0, q) : url, query: q >= 0 ? url.slice(q + 1) : '', headers, body, ip: req.socket.remoteAddress });
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
  await perform(action, res, clock, req.method === 'HEAD');
  if (action.kind === 'dribble') waits?.add(-1);
}

/** A bug: said on stderr and answered 500 with Binance's -1000, never a crash of the server. */
function internalError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  console.error(`chaos-exchange: internal error on ${req.method} ${req.url}:`, err);
  if (res.headersSent) return void res.destroy();
  send(res, { status: 500, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: JSON.stringify({ code: -1000, msg: 'An unknown error occurred while processing the request.' }) });
}
