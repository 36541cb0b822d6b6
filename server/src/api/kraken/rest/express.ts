import express, { type ErrorRequestHandler, type Express, type Response } from 'express';
import type { Clock } from '../../../clock/clock.js';
import type { Action } from '../../../faults/outcome.js';
import { envelope, MAX_BODY_BYTES, type HttpRequest } from './handler.js';
import type { Plan } from './service.js';

/** Waits `ms` of simulated time (the clock decides how long that is in real time). */
export const sleep = (clock: Clock, ms: number): Promise<void> =>
  new Promise((resolve) => (ms > 0 ? clock.schedule(clock.now() + ms, resolve) : resolve()));

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

/** Carries out an Action on an Express response: reply, reset, hang, cut off or dribble. */
export async function perform(action: Action, res: Response, clock: Clock): Promise<void> {
  switch (action.kind) {
    case 'respond':
      for (const [k, v] of Object.entries(action.headers)) res.setHeader(k, v);
      res.status(action.status).send(Buffer.from(action.body));
      return;
    case 'reset':
      res.socket?.resetAndDestroy();
      return;
    case 'hang':
      return; // never answered: the client times out (the socket closes with the server)
    case 'truncate': {
      const bytes = Buffer.from(action.body);
      res.writeHead(action.status, { ...action.headers, 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => res.socket?.destroy());
      return;
    }
    case 'dribble': {
      const bytes = Buffer.from(action.body);
      res.writeHead(action.status, { ...action.headers, 'content-length': String(bytes.length) });
      for (let i = 0; i < bytes.length; i += action.chunkBytes) {
        if (i > 0) await sleep(clock, action.intervalMs);
        if (res.destroyed) return;
        res.write(bytes.subarray(i, i + action.chunkBytes));
      }
      res.end();
    }
  }
}

/**
 * Serves the Kraken service over Express 5. The body is read raw (API-Sign is computed over the
 * exact bytes) with a size limit; body-reading failures become Kraken errors. Each request's Plan
 * is carried out: scripted delay on the simulated clock, then the Action.
 */
export function krakenExpressApp(service: (req: HttpRequest) => Plan, clock: Clock, waits?: ClockWaits): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES }));
  app.use(async (req, res) => {
    const q = req.originalUrl.indexOf('?');
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const plan = service({ method: req.method, path: req.path, query: q >= 0 ? req.originalUrl.slice(q + 1) : '', headers, body, ip: req.socket.remoteAddress });
    const waiting = plan.delayMs > 0;
    if (waiting) waits?.add(1);
    await sleep(clock, plan.delayMs);
    if (waiting) waits?.add(-1);
    const action = plan.finish();
    // A hang, or a dribble still going out, waits on the clock until the client gives up or it ends.
    const blocked = action.kind === 'hang' || action.kind === 'dribble';
    if (blocked) waits?.add(1);
    if (action.kind === 'hang') res.once('close', () => waits?.add(-1));
    await perform(action, res, clock);
    if (action.kind === 'dribble') waits?.add(-1);
  });
  const bodyErrors: ErrorRequestHandler = (err: { type?: string }, _req, res, _next) => {
    const reason = err.type === 'entity.too.large' ? 'body too large' : 'unreadable body';
    const out = envelope({ ok: false, errors: [`EGeneral:Invalid arguments:${reason}`] });
    res.status(out.status).set(out.headers).send(out.body);
  };
  app.use(bodyErrors);
  return app;
}
