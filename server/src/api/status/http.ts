import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../clock/clock.js';
import type { Journal } from '../../control/journal.js';
import { STATUS_PREFIX, type Handler } from '../../http-mounts.js';
import type { StatusPage } from './status-page.js';
import { STATUS_ROUTES } from './status-routes.js';

/** The routes by lower-case path: paths match in any letter case, as Express's router matched them. */
const BY_PATH = new Map(Object.entries(STATUS_ROUTES).map(([path, build]) => [path.toLowerCase(), build]));

/** The route a request path names, if any: any letter case, with at most one trailing slash. */
function routeOf(path: string): ((page: StatusPage, now: number) => unknown) | undefined {
  const key = path.toLowerCase();
  return BY_PATH.get(key.endsWith('/') ? key.slice(0, -1) : key);
}

/** A weak ETag of a body: its length in hex and 27 characters of its base64 SHA-1 (the form Express gave). */
function weakEtag(body: string): string {
  const hash = createHash('sha1').update(body, 'utf8').digest('base64').slice(0, 27);
  return `W/"${Buffer.byteLength(body, 'utf8').toString(16)}-${hash}"`;
}

/** Whether the client's cached copy is current (If-None-Match naming the ETag, or `*`), so a 304 will do. */
function fresh(headers: IncomingHttpHeaders, etag: string): boolean {
  const noneMatch = headers['if-none-match'];
  if (!noneMatch) return false;
  if (/(?:^|,)\s*?no-cache\s*?(?:,|$)/.test(headers['cache-control'] ?? '')) return false;
  if (noneMatch === '*') return true;
  return noneMatch.split(/[ ,]+/).some((tag) => tag === etag || `W/${tag}` === etag);
}

/**
 * The status page on plain node:http, for requests under STATUS_PREFIX at simulated time
 * `clock.now()`: GET and HEAD of the STATUS_ROUTES paths answer 200 with the JSON, a weak ETag
 * (304 when If-None-Match names it) and `access-control-allow-origin: *`; anything else is a JSON
 * 404 listing the endpoints. Every request is journaled as `transport: 'status'` before it is
 * answered. It answers as the Express router did (`statusRouter`) without Express's per-request
 * work: Express gives each request and response a prototype of its own, and a poll left about
 * 9 KB in the old generation of the heap, which grew the server's memory under load.
 */
export function statusHandler(page: StatusPage, clock: Clock, journal?: Journal): Handler {
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const method = req.method ?? 'GET';
    const rest = path.slice(STATUS_PREFIX.length);
    const route = `${STATUS_PREFIX}${rest.startsWith('/') ? rest : `/${rest}`}`;
    const journaled = Object.hasOwn(STATUS_ROUTES, route) && method === 'GET' ? 200 : 404;
    journal?.record({
      time: clock.now(), transport: 'status', ip: req.socket.remoteAddress ?? 'unknown', account: undefined, route,
      status: journaled, outcome: journaled === 200 ? 'ok' : 'error', error: undefined, faults: [], latencyMs: 0, detail: undefined,
    });
    const build = method === 'GET' || method === 'HEAD' ? routeOf(path) : undefined;
    const [status, body, cors] = build
      ? [200, JSON.stringify(build(page, clock.now())), true]
      : [404, JSON.stringify({ error: `no status endpoint ${method} ${url}`, endpoints: Object.keys(STATUS_ROUTES) }), false];
    const etag = weakEtag(body);
    if (cors) res.setHeader('access-control-allow-origin', '*');
    res.setHeader('ETag', etag);
    if (status === 200 && fresh(req.headers, etag)) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body, 'utf8') });
    if (method === 'HEAD') res.end();
    else res.end(body);
  };
}
