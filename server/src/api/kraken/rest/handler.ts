import type { Clock } from '../../../clock/clock.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Effects } from '../../../control/journal.js';
import { authenticate } from './auth.js';
import { InvalidArgument, Params } from './params.js';
import { JsonText, type Reply, type Route } from './route.js';
import { ROUTES } from './routes/index.js';
import { RestLimits } from './limits.js';

/** An HTTP request as every transport hands it over: the raw body is kept for API-Sign. */
export interface HttpRequest {
  method: string;
  /** Path without the query string, e.g. `/0/private/AddOrder`. */
  path: string;
  /** Raw query string without `?` (may be empty). */
  query: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
  /** The caller's address, for per-IP public limits (absent in-process). */
  ip?: string | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** What the call changed in the exchange (orders, withdrawals), for the journal; absent when nothing. */
  effects?: Effects | undefined;
}

/** Largest request body accepted (bytes); larger ones get a Kraken error, not a crash. */
export const MAX_BODY_BYTES = 256 * 1024;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const API_PATH = /^\/0\/(public|private)\/([A-Za-z]{1,40})\/?$/;

/** The Kraken envelope: `{"error":[],"result":…}` on success, `{"error":[…]}` alone on failure; the reply's effects ride along. */
export function envelope(reply: Reply): HttpResponse {
  const body = !reply.ok ? JSON.stringify({ error: reply.errors })
    : reply.result instanceof JsonText ? `{"error":[],"result":${reply.result.text}}`
    : JSON.stringify({ error: [], result: reply.result });
  const out: HttpResponse = { status: 200, headers: { ...JSON_HEADERS }, body };
  if (reply.effects) out.effects = reply.effects;
  return out;
}

/**
 * Kraken's REST API as a plain function from request to response, shared by the HTTP server
 * and the msw handlers. It catches the exchange up with the clock, then authenticates, parses and
 * routes; every API-level failure is HTTP 200 with Kraken's error strings.
 */
export function createKrakenApi(exchange: Exchange, clock: Clock, routes: readonly Route[] = ROUTES): (req: HttpRequest) => HttpResponse {
  const table = new Map(routes.map((r) => [`${r.visibility}/${r.id}`, r]));
  const limits = new RestLimits(exchange, exchange.rng.fork('edge'));
  return (req) => {
    const m = API_PATH.exec(req.path);
    if (!m) return { status: 404, headers: { ...JSON_HEADERS }, body: JSON.stringify({ error: ['EGeneral:Unknown method'] }) };
    const [, visibility, id] = m as unknown as [string, 'public' | 'private', string];
    const route = table.get(`${visibility}/${id}`);
    if (!route) return envelope({ ok: false, errors: ['EGeneral:Unknown method'] });
    const method = req.method.toUpperCase();
    if (method !== 'POST' && !(method === 'GET' && visibility === 'public')) return envelope({ ok: false, errors: ['EAPI:Bad request'] });
    if (Buffer.byteLength(req.body) > MAX_BODY_BYTES) return envelope({ ok: false, errors: ['EGeneral:Invalid arguments:body too large'] });
    const isJson = (req.headers['content-type'] ?? '').includes('json') || (!req.headers['content-type'] && req.body.trimStart().startsWith('{'));
    const parsed = parseArguments(req, isJson, visibility === 'public');
    if (!parsed.ok) return envelope({ ok: false, errors: [parsed.error] });
    const now = clock.now();
    exchange.sync(now);
    const params = new Params(parsed.args);
    try {
      if (route.visibility === 'public') {
        const refused = limits.publicCall(req.ip ?? 'local', now);
        if (refused) return 'error' in refused ? envelope({ ok: false, errors: [refused.error] }) : refused;
        return envelope(route.handle({ params, exchange, now }));
      }
      const key = req.headers['api-key'];
      const locked = limits.lockedOut(key, now);
      if (locked) return envelope({ ok: false, errors: [locked] });
      const auth = authenticate(exchange, req.path, { key, sign: req.headers['api-sign'] }, req.body, isJson, params.optStr('otp'));
      if (!auth.ok) {
        limits.authFailed(key, now);
        return envelope({ ok: false, errors: [auth.error] });
      }
      if (!auth.account.spec.permissions.includes(route.permission)) return envelope({ ok: false, errors: ['EGeneral:Permission denied'] });
      const limited = limits.privateCall(auth.account, route.id, now);
      if (limited) return envelope({ ok: false, errors: [limited] });
      return envelope(route.handle({ params, exchange, now, account: auth.account }));
    } catch (err) {
      if (err instanceof InvalidArgument) return envelope({ ok: false, errors: [err.kraken] });
      throw err;
    }
  };
}

function parseArguments(req: HttpRequest, isJson: boolean, isPublic: boolean): { ok: true; args: Record<string, unknown> } | { ok: false; error: string } {
  // A prototype-less object: a field named `__proto__` or `constructor` is just a field.
  const args = Object.create(null) as Record<string, unknown>;
  if (isPublic) for (const [k, v] of new URLSearchParams(req.query)) if (!(k in args)) args[k] = v;
  if (req.body.length === 0) return { ok: true, args };
  if (isJson) {
    let data: unknown;
    try {
      data = JSON.parse(req.body);
    } catch {
      return { ok: false, error: 'EGeneral:Invalid arguments:body is not valid JSON' };
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, error: 'EGeneral:Invalid arguments:body must be a JSON object' };
    for (const [k, v] of Object.entries(data)) args[k] = v;
    return { ok: true, args };
  }
  const seen = new Set<string>();
  for (const [k, v] of new URLSearchParams(req.body)) {
    if (seen.has(k)) continue;
    seen.add(k);
    args[k] = v;
  }
  return { ok: true, args };
}
