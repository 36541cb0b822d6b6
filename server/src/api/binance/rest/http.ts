import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../../../clock/clock.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { createBinanceApi, type BinanceResponse } from './handler.js';

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

/**
 * Serves Binance Spot's REST API on plain `node:http` over an Exchange and a Clock. Not yet behind
 * the fault pipeline (scripted delays, resets, error replies) nor the journal: those are wired when
 * the dialect joins `serve`, the way `krakenHttpHandler` carries out a service's Plan.
 */
export function binanceHttpHandler(exchange: Exchange, clock: Clock): RequestListener {
  const api = createBinanceApi(exchange, clock);
  return (req, res) => void handle(req, res, api).catch((err: unknown) => internalError(req, res, err));
}

async function handle(req: IncomingMessage, res: ServerResponse, api: ReturnType<typeof createBinanceApi>): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) return send(res, { status: 413, headers: { 'content-type': 'text/plain' }, body: 'Request Entity Too Large' });
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
  send(res, api({ method: req.method ?? 'GET', path: q >= 0 ? url.slice(0, q) : url, query: q >= 0 ? url.slice(q + 1) : '', headers, body, ip: req.socket.remoteAddress }));
}

/** A bug: said on stderr and answered 500 with Binance's -1000, never a crash of the server. */
function internalError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  console.error(`chaos-exchange: internal error on ${req.method} ${req.url}:`, err);
  if (res.headersSent) return void res.destroy();
  send(res, { status: 500, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: JSON.stringify({ code: -1000, msg: 'An unknown error occurred while processing the request.' }) });
}
