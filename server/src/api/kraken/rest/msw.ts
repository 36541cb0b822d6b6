import { http, HttpResponse, type HttpHandler } from 'msw';
import type { HttpRequest, HttpResponse as KrakenHttpResponse } from './handler.js';

/**
 * Serves a transport-neutral Kraken API function as msw request handlers for `baseUrl`, so a bot's
 * unit tests can talk to the same routes in-process, without a listening socket.
 */
export function krakenMswHandlers(api: (req: HttpRequest) => KrakenHttpResponse, baseUrl: string): HttpHandler[] {
  const base = baseUrl.replace(/\/$/, '');
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
      const out = api({ method: request.method, path: url.pathname, query: url.search.replace(/^\?/, ''), headers, body });
      return new HttpResponse(out.body, { status: out.status, headers: out.headers });
    }),
  ];
}
