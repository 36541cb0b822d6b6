import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../../../clock/clock.js';
import { envelope, MAX_BODY_BYTES, type HttpRequest } from './handler.js';
import type { Plan } from './service.js';
import { carryOut, perform, requestParts, type ClockWaits } from '../../edge-http.js';

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
  const plan = service({ ...requestParts(req), body: read.body });
  await carryOut(req, res, plan, clock, waits);
}
