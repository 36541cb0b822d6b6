import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Clock } from '../../../clock/clock.js';
import type { HttpRequest } from './handler.js';
import { sleep } from '../../edge-http.js';
import type { Plan } from './service.js';

/**
 * Serves the Kraken service as msw request handlers for `baseUrl`, so a bot's unit tests can talk
 * to the same routes and fault pipeline in-process, without a listening socket. A reset or a cut-off
 * body becomes a network error; a hang never resolves.
 */
export function krakenMswHandlers(service: (req: HttpRequest) => Plan, clock: Clock, baseUrl: string): HttpHandler[] {
  const base = baseUrl.replace(/\/$/, '');
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
      const plan = service({ method: request.method, path: url.pathname, query: url.search.replace(/^\?/, ''), headers, body });
      await sleep(clock, plan.delayMs);
      const action = plan.finish();
      switch (action.kind) {
        case 'respond':
        case 'dribble':
          return new HttpResponse(action.body, { status: action.status, headers: action.headers });
        case 'reset':
        case 'truncate':
          return HttpResponse.error();
        case 'hang':
          return new Promise<never>(() => undefined);
      }
    }),
  ];
}
