import express, { type Router } from 'express';
import type { Clock } from '../../clock/clock.js';
import type { StatusPage } from './status-page.js';

/** The status API's endpoints (Statuspage's public v2 paths) and the page method answering each. */
export const STATUS_ROUTES: Readonly<Record<string, (page: StatusPage, now: number) => unknown>> = {
  '/api/v2/status.json': (p, now) => p.status(now),
  '/api/v2/summary.json': (p, now) => p.summary(now),
  '/api/v2/components.json': (p, now) => p.components(now),
  '/api/v2/incidents.json': (p, now) => p.incidents(now),
  '/api/v2/incidents/unresolved.json': (p, now) => p.unresolvedIncidents(now),
  '/api/v2/scheduled-maintenances.json': (p, now) => p.scheduledMaintenances(now),
  '/api/v2/scheduled-maintenances/upcoming.json': (p, now) => p.upcomingMaintenances(now),
  '/api/v2/scheduled-maintenances/active.json': (p, now) => p.activeMaintenances(now),
};

/**
 * Serves the status page over Express at simulated time `clock.now()`. It sits outside the Kraken
 * route table, so no fault rule or rate limit ever touches it; any other `/api/v2` path is a 404.
 */
export function statusRouter(page: StatusPage, clock: Clock): Router {
  const router = express.Router();
  for (const [path, build] of Object.entries(STATUS_ROUTES)) {
    router.get(path, (_req, res) => {
      res.set('access-control-allow-origin', '*').type('application/json').send(JSON.stringify(build(page, clock.now())));
    });
  }
  router.use('/api/v2', (req, res) => {
    res.status(404).type('application/json').send(JSON.stringify({ error: `no status endpoint ${req.method} ${req.originalUrl}`, endpoints: Object.keys(STATUS_ROUTES) }));
  });
  return router;
}
