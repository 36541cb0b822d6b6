import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Clock } from '../../clock/clock.js';
import type { Journal } from '../../control/journal.js';
import { STATUS_ROUTES } from './status-routes.js';
import type { StatusPage } from './status-page.js';

/** The status page as msw handlers on `baseUrl` (Kraken's is `https://status.kraken.com`), journaled like the server's. */
export function statusMswHandlers(page: StatusPage, clock: Clock, baseUrl: string, journal?: Journal): HttpHandler[] {
  const base = baseUrl.replace(/\/$/, '');
  return Object.entries(STATUS_ROUTES).map(([path, build]) => http.get(`${base}${path}`, () => {
    journal?.record({
      time: clock.now(), transport: 'status', ip: 'in-process', account: undefined, route: path, status: 200, outcome: 'ok',
      error: undefined, faults: [], latencyMs: 0, detail: undefined,
    });
    return new HttpResponse(JSON.stringify(build(page, clock.now())), { status: 200, headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' } });
  }));
}
