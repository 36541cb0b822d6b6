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
