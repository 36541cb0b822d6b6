import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../../../clock/clock.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Journal } from '../../../control/journal.js';
import { carryOut, requestParts, type ClockWaits } from '../../edge-http.js';
import type { FaultSource, Plan } from '../../edge-http.js';
import type { BinanceRequest, BinanceResponse } from './handler.js';
import type { BinanceLimits } from './limits.js';
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
  /** The run's rate limits, shared with its WebSocket API (a fresh set when absent). */
  limits?: BinanceLimits | undefined;
}

/**
 * Serves Binance Spot's REST API on plain `node:http` over an Exchange and a Clock, behind the
 * fault pipeline and the journal when given (see createBinanceService): a scripted delay on the
 * simulated clock, then the Action (a reply, an edge page, a reset, a hang, a mangled body).
 */
export function binanceHttpHandler(exchange: Exchange, clock: Clock, opts: BinanceHttpOptions = {}): RequestListener {
  const service = createBinanceService(exchange, clock, opts.faults, opts.journal, undefined, opts.limits);
  return (req, res) => void handle(req, res, service, clock, opts.waits).catch((err: unknown) => internalError(req, res, err));
}

async function handle(req: IncomingMessage, res: ServerResponse, service: (req: BinanceRequest) => Plan, clock: Clock, waits?: ClockWaits): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) return send(res, { status: 413, headers: { 'content-type': 'text/plain' }, body: 'Request Entity Too Large' });
  const plan = service({ ...requestParts(req), body });
  await carryOut(req, res, plan, clock, waits);
}

/** A bug: said on stderr and answered 500 with Binance's -1000, never a crash of the server. */
function internalError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  console.error(`chaos-exchange: internal error on ${req.method} ${req.url}:`, err);
  if (res.headersSent) return void res.destroy();
  send(res, { status: 500, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: JSON.stringify({ code: -1000, msg: 'An unknown error occurred while processing the request.' }) });
}
