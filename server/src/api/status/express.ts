import express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../clock/clock.js';
import type { StatusPage } from './status-page.js';
import type { Journal } from '../../control/journal.js';
import { STATUS_ROUTES } from './status-routes.js';

export { STATUS_ROUTES } from './status-routes.js';
export { STATUS_PREFIX } from '../../http-mounts.js';

/**
 * A request handler in node:http's own types (what `statusRouter` returns), so that the public
 * declarations need no Express types: Express's `app.use()` mounts it, connect's `use()` and
 * node:http's `createServer()` take it as it is; `next` is called for any path it does not serve.
 */
export type StatusMiddleware = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/**
 * Serves the status page over Express at simulated time `clock.now()`, for a server of the
 * caller's (the server itself answers on plain node:http, `statusHandler`, the same way). It is an
 * Express application of its own, so it needs no Express app around it and Express mounts it as a
 * sub-app. It sits outside the Kraken route table, so no fault rule or rate limit ever touches it;
 * any other `/api/v2` path is a 404.
 */
export function statusRouter(page: StatusPage, clock: Clock, journal?: Journal): StatusMiddleware {
  const app = express().disable('x-powered-by');
  // Status polling is part of a bot's conduct (the verdict asks whether it watched the page).
  app.use('/api/v2', (req, res, next) => {
    const status = Object.hasOwn(STATUS_ROUTES, `/api/v2${req.path}`) && req.method === 'GET' ? 200 : 404;
    journal?.record({
      time: clock.now(), transport: 'status', ip: req.socket.remoteAddress ?? 'unknown', account: undefined, route: `/api/v2${req.path}`,
      status, outcome: status === 200 ? 'ok' : 'error', error: undefined, faults: [], latencyMs: 0, detail: undefined,
    });
    next();
  });
  for (const [path, build] of Object.entries(STATUS_ROUTES)) {
    app.get(path, (_req, res) => {
      res.set('access-control-allow-origin', '*').type('application/json').send(JSON.stringify(build(page, clock.now())));
    });
  }
  app.use('/api/v2', (req, res) => {
    res.status(404).type('application/json').send(JSON.stringify({ error: `no status endpoint ${req.method} ${req.originalUrl}`, endpoints: Object.keys(STATUS_ROUTES) }));
  });
  return app;
}
