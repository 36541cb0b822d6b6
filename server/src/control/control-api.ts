import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response, type Router } from 'express';
import { join } from 'node:path';
import { packageRoot } from '../scenario/builtin.js';
import { parseScenarioApart } from '../scenario/parse-apart.js';
import type { Scenario } from '../scenario/schema.js';
import { ControlError, type Controller } from './controller.js';
import { faultMenu } from './fault-menu.js';
import type { Journal, JournalFilter } from './journal.js';
import { streamJournal } from './journal-stream.js';
import { CONTROL_PREFIX } from '../http-mounts.js';
import { crossSiteReason, hostAllowed, isLoopbackIp, tokenMatches } from './access.js';

export { CONTROL_PREFIX } from '../http-mounts.js';
export { allowed, crossSite } from './access.js';

/** Largest request body the control API reads (a scenario file, a fault rule). */
const MAX_CONTROL_BODY = '1mb';

/** The cookie that carries the control token for a browser (set when the dashboard is opened with `?token=`). */
export const TOKEN_COOKIE = 'chaos_token';

const TOKEN_IN_COOKIE = new RegExp(`(?:^|;\\s*)${TOKEN_COOKIE}=([^;]*)`);

/**
 * The control token a request presents: `Authorization: Bearer T`, else the dashboard's cookie, else
 * (opening the dashboard only) `?token=T`, since a browser cannot add a header to a page load.
 */
export function presentedToken(headers: { authorization?: string | undefined; cookie?: string | undefined }, query: unknown, path: string): string | undefined {
  const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return bearer;
  const cookie = TOKEN_IN_COOKIE.exec(headers.cookie ?? '')?.[1];
  if (cookie !== undefined) {
    try {
      return decodeURIComponent(cookie);
    } catch {
      return undefined;
    }
  }
  const q = (query as Record<string, unknown> | undefined)?.token;
  return (path === '/ui' || path.startsWith('/ui/')) && typeof q === 'string' ? q : undefined;
}

/**
 * The dashboard's files may load nothing from elsewhere (it must work offline, and a page that can
 * steer the exchange should run no one else's code).
 */
const UI_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The folder of the dashboard's static files (plain HTML, CSS and JavaScript modules: nothing to build). */
export const uiDir = (): string => join(packageRoot(), 'server', 'ui');

/** A scenario from a request body (YAML or JSON text), parsed off the event loop when long; a ControlError with every issue when it is not valid. */
async function scenarioFrom(body: unknown): Promise<Scenario> {
  const text = typeof body === 'string' ? body : '';
  if (!text.trim()) throw new ControlError(400, 'expected a scenario (YAML or JSON) in the request body');
  const r = await parseScenarioApart(text, 'request');
  if (!r.ok) throw new ControlError(400, 'invalid scenario', r.issues.map((i) => ({ path: i.path, line: i.line, message: `${i.line}:${i.col}: ${i.message}` })));
  return r.scenario;
}

/** A JSON request body as an object (empty when there is none). */
function objectFrom(body: unknown): Record<string, unknown> {
  if (typeof body !== 'string' || !body.trim()) return {};
  try {
    const v: unknown = JSON.parse(body);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new ControlError(400, 'expected a JSON object in the request body');
}

/** The journal filter from a query string, validated. */
function filterFrom(q: Record<string, unknown>): JournalFilter {
  const num = (k: string): number | undefined => {
    if (q[k] === undefined) return undefined;
    const n = Number(q[k]);
    if (!Number.isFinite(n)) throw new ControlError(400, `${k}: expected a number, got ${JSON.stringify(q[k])}`);
    return n;
  };
  const str = (k: string): string | undefined => (typeof q[k] === 'string' ? q[k] : undefined);
  const transport = str('transport');
  if (transport !== undefined && !['rest', 'ws', 'status'].includes(transport)) throw new ControlError(400, 'transport: expected rest, ws or status');
  const outcome = str('outcome');
  if (outcome !== undefined && !['ok', 'error', 'fault', 'refused', 'closed'].includes(outcome)) throw new ControlError(400, 'outcome: expected ok, error, fault, refused or closed');
  return {
    account: str('account'), route: str('route'), transport: transport as JournalFilter['transport'], outcome: outcome as JournalFilter['outcome'],
    after: num('after'), since: num('since'), limit: num('limit'),
  };
}

/**
 * The control API under `/__chaos/`: state, scenario load/validate, pause/resume/speed,
 * advance, jump, restart, reset, fault injection, funding, prices, the journal and the audit.
 * Loopback callers only, unless a token is set (then others must send `Authorization: Bearer`).
 */
/**
 * What a client needs to reach the exchange without being told its URL (`chaos-exchange env`):
 * the accounts' keys, the dialect's host names the proxy serves, and the local CA's certificate.
 */
export interface ClientConnection {
  accounts: { name: string; key: string; secret: string }[];
  proxy: { hosts: readonly string[]; ca: string };
}

export function controlRouter(control: Controller, journal: Journal, opts: { token?: string | undefined; hosts?: ReadonlySet<string>; connection?: () => Promise<ClientConnection> } = {}): Router {
  const router = express.Router();
  const hosts = opts.hosts ?? new Set<string>();
  router.use((req: Request, res: Response, next: NextFunction) => {
    const presented = presentedToken(req.headers, req.query, req.path);
    // The token is a secret no page can know, so a caller presenting it is not a rebound page: it may use any Host.
    const withToken = tokenMatches(presented, opts.token);
    if (!withToken && !isLoopbackIp(req.socket.remoteAddress)) {
      return void res.status(403).json({ error: opts.token ? 'the control API needs "Authorization: Bearer <token>" from this address (or open the dashboard with ?token=<token>)' : 'the control API answers loopback callers only (start with a control token to allow others)' });
    }
    if (!withToken && !hostAllowed(req.headers.host, hosts)) {
      return void res.status(403).json({ error: `the control API answers only requests addressed to this machine: Host ${JSON.stringify(req.headers.host)} is not localhost, 127.x.x.x, [::1], the address it listens on or an --allowed-host` });
    }
    const q = req.query as Record<string, unknown>;
    if (req.method === 'GET' && req.path.startsWith('/ui') && typeof q.token === 'string' && withToken) {
      // The dashboard opened with ?token=: keep the token in a cookie its own calls carry, and take it out of the address bar.
      res.cookie(TOKEN_COOKIE, q.token, { path: CONTROL_PREFIX, httpOnly: true, sameSite: 'strict' });
      return void res.redirect(302, `${CONTROL_PREFIX}/ui/`);
    }
    next();
  });
  router.use((req: Request, res: Response, next: NextFunction) => {
    const refused = crossSiteReason(req.method, req.headers);
    if (refused === undefined) return next();
    res.status(403).json({ error: refused });
  });
  router.use('/ui', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('content-security-policy', UI_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  }, express.static(uiDir(), { index: 'index.html', cacheControl: false, setHeaders: (res) => res.setHeader('cache-control', 'no-cache') }));
  router.use(express.text({ type: () => true, limit: MAX_CONTROL_BODY }));
  const act = (fn: (req: Request) => unknown | Promise<unknown>) => async (req: Request, res: Response): Promise<void> => {
    const out = await fn(req);
    res.json(out === undefined ? control.state() : out);
  };
  router.get('/state', act(() => control.state()));
  const connection = opts.connection;
  if (connection) router.get('/connection', act(() => connection()));
  router.get('/journal', act((req) => ({ total: journal.total, entries: journal.list(filterFrom(req.query as Record<string, unknown>)) })));
  router.get('/dashboard', act((req) => {
    const q = req.query as Record<string, unknown>;
    return control.dashboard({ pair: typeof q.pair === 'string' ? q.pair : undefined, account: typeof q.account === 'string' && q.account !== '' ? q.account : undefined });
  }));
  router.get('/stream', (req: Request, res: Response) => streamJournal(req, res, journal, filterFrom(req.query as Record<string, unknown>)));
  router.get('/kinds', act(() => ({ kinds: faultMenu() })));
  router.get('/audit', act(() => ({ problems: control.audit() })));
  router.get('/faults', act(() => ({ faults: control.faults() })));
  router.post('/validate', act(async (req) => (await scenarioFrom(req.body), { ok: true })));
  router.post('/scenario', act(async (req) => void (await control.restart(await scenarioFrom(req.body)))));
  router.post('/restart', act(async () => void (await control.restart())));
  router.post('/reset', act(async () => void (await control.reset())));
  router.post('/pause', act(() => void control.pause()));
  router.post('/resume', act(() => void control.resume()));
  router.post('/speed', act((req) => void control.setSpeed(objectFrom(req.body).speed)));
  router.post('/advance', act(async (req) => void (await control.advance(objectFrom(req.body).by))));
  router.post('/jump', act(async (req) => void (await control.jump(objectFrom(req.body).phase))));
  router.post('/faults', act((req) => control.inject(objectFrom(req.body))));
  router.delete('/faults/:id', act((req) => void control.removeFault(String(req.params.id))));
  router.post('/fund', act((req) => control.fund(objectFrom(req.body))));
  router.post('/price', act((req) => control.movePrice(objectFrom(req.body))));
  router.use((req: Request, res: Response) => {
    res.status(404).json({ error: `no control route ${req.method} ${CONTROL_PREFIX}${req.path}` });
  });
  const errors: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    if (err instanceof ControlError) return void res.status(err.status).json({ error: err.message, issues: err.issues });
    const e = err as { type?: string; message?: string };
    if (e.type === 'entity.too.large') return void res.status(413).json({ error: `request body larger than ${MAX_CONTROL_BODY}`, issues: [] });
    res.status(500).json({ error: `internal error: ${e.message ?? String(err)}`, issues: [] });
  };
  router.use(errors);
  return router;
}
