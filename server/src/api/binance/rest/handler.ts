import type { Clock } from '../../../clock/clock.js';
import type { Effects } from '../../../control/journal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { errorBody, Refusal } from './errors.js';
import { Params } from './params.js';
import type { Reply, Route } from './route.js';
import { ROUTES } from './routes/index.js';
import { keyOwner, verifySigned } from './signing.js';
import { routeId } from './route.js';
import { BinanceLimits } from './limits.js';

/** An HTTP request as every transport hands it over: raw query and body are kept for the signature. */
export interface BinanceRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v3/depth`. */
  path: string;
  /** Raw query string without `?` (may be empty). */
  query: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
  /** The caller's address: request weight is counted per IP (absent in-process). */
  ip?: string | undefined;
}

/** What the API answers: status, headers and the JSON (or HTML) text. */
export interface BinanceResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** What the call did to orders (created, cancelled), for the journal; absent when nothing. */
  effects?: Effects | undefined;
}

/** Binance's content type on JSON answers (as observed). */
const JSON_TYPE = 'application/json;charset=UTF-8';

/**
 * The answer to a path Binance does not serve. UNCONFIRMED: the reference documents none; clients
 * have logged a bare HTTP 404 with a short non-JSON body for a wrong path on api.binance.com, so
 * this is a 404 with a small HTML page (ccxt reads it as a plain HTTP error, not an API code).
 */
export const NOT_FOUND_BODY = '<html><body><h2>404 Not found</h2></body></html>';

/**
 * Binance Spot's REST API as a plain function from request to response, for every transport. It
 * catches the exchange up with the clock, reads the parameters (query, and a form body on
 * POST/PUT/DELETE), charges the route's weight to the caller's IP minute, checks a SIGNED route's key, timestamp and
 * signature (an API_KEY route's key only), and runs the route, all under Binance's limits (limits.ts: 418 bans, 429 on weight and order counts).
 * Every answer carries `X-MBX-USED-WEIGHT-1M` (and its legacy twin `X-MBX-USED-WEIGHT`); order placements
 * also `X-MBX-ORDER-COUNT-10S` and `-1D`. `limits` is the run's (shared with its WebSocket API).
 */
export function createBinanceApi(exchange: Exchange, clock: Clock, routes: readonly Route[] = ROUTES, limits = new BinanceLimits(exchange)): (req: BinanceRequest) => BinanceResponse {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  return (req) => {
    const now = clock.now();
    const ip = req.ip ?? 'local';
    const banned = limits.banned(ip, now);
    if (banned) return banned;
    const route = table.get(`${req.method.toUpperCase()} ${req.path}`);
    if (!route) return answer(404, NOT_FOUND_BODY, limits.weight.peek(ip, now), 'text/html');
    exchange.sync(now);
    let params: Params;
    try {
      params = new Params(req.query, req.method.toUpperCase() === 'GET' ? '' : req.body);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      const gate = limits.weigh(ip, 1, now);
      return gate.refusal ?? reply({ ok: false, error: err.error }, gate.used);
    }
    const gate = limits.weigh(ip, route.weight(params), now);
    if (gate.refusal) return gate.refusal;
    const { used } = gate;
    try {
      if (route.security === 'NONE') return reply(route.handle({ params, exchange, now }), used);
      if (route.security === 'API_KEY') {
        const owner = keyOwner(exchange, req.headers['x-mbx-apikey']);
        return reply(owner.ok ? route.handle({ params, exchange, now, account: owner.account }) : owner, used);
      }
      const signed = verifySigned(exchange, { key: req.headers['x-mbx-apikey'], query: req.query, body: req.body }, params, now);
      if (!signed.ok) return reply(signed, used);
      const { account } = signed;
      return limits.place(routeId(route), account, used, now, () => reply(route.handle({ params, exchange, now, account }), used));
    } catch (err) {
      if (err instanceof Refusal) return reply({ ok: false, error: err.error }, used);
      throw err;
    }
  };
}

function reply(r: Reply, used: number): BinanceResponse {
  const out = r.ok ? answer(200, JSON.stringify(r.body), used) : answer(r.error.status, errorBody(r.error), used);
  if (r.effects) out.effects = r.effects;
  return out;
}

function answer(status: number, body: string, used: number, type = JSON_TYPE): BinanceResponse {
  const weight = String(used);
  return { status, headers: { 'content-type': type, 'x-mbx-used-weight': weight, 'x-mbx-used-weight-1m': weight }, body };
}
