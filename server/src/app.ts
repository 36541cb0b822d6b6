import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ManualClock, SystemClock, type Clock, type Timer } from './clock/clock.js';
import { wallNow } from './clock/host.js';
import { Exchange } from './exchange/exchange.js';
import { createKrakenService } from './api/kraken/rest/service.js';
import { ScenarioEngine } from './scenario/engine.js';
import { KrakenWsV2 } from './api/kraken/ws/server-v2.js';
import { KrakenWsV1 } from './api/kraken/ws/server-v1.js';
import { attachKrakenWs } from './api/kraken/ws/upgrade.js';
import type { LocalAuthority } from './proxy/authority.js';
import { authorityDir } from './proxy/ca-dir.js';
import { attachConnectProxy } from './proxy/connect.js';
import { WsFaults } from './api/kraken/ws/ws-faults.js';
import { WsJournal } from './api/kraken/ws/ws-journal.js';
import { Journal } from './control/journal.js';
import type { ControlHost, Run } from './control/controller.js';
import type { ClientConnection } from './control/control-api.js';
import { krakenHttpHandler } from './api/kraken/rest/http.js';
import { ClockWaits } from './api/edge-http.js';
import { StatusPage } from './api/status/status-page.js';
import { binanceHttpHandler } from './api/binance/rest/http.js';
import { BinanceLimits } from './api/binance/rest/limits.js';
import { startBinanceWebSockets, type BinanceWebSockets } from './api/binance/ws/stream-side.js';
import { attachBinanceStreams } from './api/binance/ws/upgrade.js';
import { DEFAULT_DIALECT, DIALECTS, type DialectName } from './api/dialects.js';
import { statusHandler } from './api/status/http.js';
import { builtOnFirstUse, CONTROL_PREFIX, isUnder, STATUS_PREFIX, type Handler } from './http-mounts.js';
import { loadScenarioFile, formatIssue, type ScenarioIssue } from './scenario/load.js';
import { crossFieldProblems, validateScenario } from './scenario/validate.js';
import { resolveScenario, DEFAULT_MANUAL_START } from './scenario/resolve.js';
import type { Scenario, ScenarioInput } from './scenario/schema.js';
import { DEFAULT_SCENARIO, scenarioPath, unknownScenario } from './scenario/builtin.js';
import { isCompiled } from './scenario/compiled.js';
import { allowedHostSet } from './control/access.js';

/** A scenario that failed validation; `issues` holds every problem, `message` lists them. */
export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(`invalid scenario:\n${issues.map(formatIssue).join('\n')}`);
  }
}

export interface StartOptions {
  /** Which exchange is served (`kraken` or `binance`); overrides the scenario's `exchange:`. Default: the scenario's, else `kraken`. */
  exchange?: DialectName | undefined;
  /** Built-in name (`calm`), a path to a YAML file, or a scenario object. Default: `calm`. */
  scenario?: string | ScenarioInput;
  seed?: string | number;
  /** 0 = any free port (default 0 here; the CLI defaults to 8080). */
  port?: number;
  host?: string;
  /** 'system' (real time, the default), 'manual' (advanced by the caller), or a Clock. */
  clock?: 'system' | 'manual' | Clock;
  /** Speed factor for the system clock (60 = an hour in a minute). */
  speed?: number;
  /**
   * Start of simulated time, ms since the epoch, on either clock (the system clock runs on from it
   * at `speed`). Default: the scenario's `market.start`; without one, 2026-01-01T00:00:00Z on the
   * manual clock and the current time on the system clock.
   */
  startTime?: number;
  /** Entries the request journal keeps (a ring buffer; default 10,000). */
  journalSize?: number;
  /** Ended orders kept with their fills, and ledger entries kept per account; older ones are forgotten (default 10,000). */
  orderHistory?: number | undefined;
  /** Lets non-loopback callers use the control API when they send `Authorization: Bearer <token>`. */
  controlToken?: string;
  /**
   * Host names, besides loopback ones and `host`, that the control API answers for (the `Host`
   * header a request carries): e.g. a name in /etc/hosts or a reverse proxy's. Other hosts get 403.
   */
  allowedHosts?: readonly string[];
  /**
   * Where the transparent proxy's local certificate authority is kept (made there on the first
   * CONNECT to a Kraken host). Default: authorityDir() (CHAOS_EXCHANGE_CA_DIR, else the user's data folder).
   */
  caDir?: string;
  /** The proxy tunnels CONNECTs to hosts other than the served exchange's instead of refusing them. */
  passthrough?: boolean;
  /**
   * The first account's key and secret instead of the scenario's (or the seeded) ones, kept across
   * restarts and new scenarios, so a bot given them in advance stays signed in.
   */
  credentials?: { key: string; secret: string } | undefined;
}

/** An account's credentials as printed at start and handed to bots. */
export interface AccountCredentials {
  name: string;
  key: string;
  secret: string;
}

/** The clock type a StartOptions gives: a ManualClock (with advance()) for `clock: 'manual'`. */
export type ClockFor<O extends StartOptions> = O extends { clock: 'manual' } ? ManualClock : O extends { clock: infer C extends Clock } ? C : Clock;

/** A listening chaos-exchange. Clock, exchange, engine, status and scenario are the current run's (a restart replaces them). */
export interface RunningExchange<C extends Clock = Clock> {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly accounts: AccountCredentials[];
  readonly clock: C;
  readonly exchange: Exchange;
  readonly engine: ScenarioEngine;
  /** The Statuspage-style status page served at `/api/v2/*.json`. */
  readonly status: StatusPage;
  readonly scenario: Scenario;
  /** Every REST call, WebSocket message and connection, latest `journalSize` kept. */
  journal: Journal;
  /** The journal's seq where the current run began: entries after it are this run's (the journal outlives restarts). */
  readonly journalFrom: number;
  /** REST requests that cannot complete until simulated time moves (delayed, hung, dribbling): lets a test driving the manual clock know the server waits. */
  readonly requestsWaitingOnClock: number;
  /** The transparent proxy: `HTTPS_PROXY` for clients that dial the served exchange's own hosts (the current run's), and the CA file they must trust (made on first use). */
  readonly proxy: { url: string; hosts: readonly string[]; caFile: string; ensureCa(): Promise<string> };
  close(): Promise<void>;
}

/** Loads a scenario by built-in name, file path or object; throws ScenarioError with every issue (fault names checked against `exchange`, else the scenario's own). */
export async function loadScenario(source: string | ScenarioInput = DEFAULT_SCENARIO, exchange?: DialectName): Promise<Scenario> {
  if (typeof source !== 'string') {
    if (isCompiled(source)) return servedAs(source, exchange);
    const r = validateScenario(source, exchange);
    if (!r.ok) throw new ScenarioError(r.problems.map((p) => ({ file: '<object>', line: 0, col: 0, path: p.path.join('.'), message: p.message })));
    return r.scenario;
  }
  const unknown = unknownScenario(source);
  if (unknown !== undefined) throw new ScenarioError([{ file: source, line: 1, col: 1, path: '', message: unknown }]);
  const r = await loadScenarioFile(scenarioPath(source), exchange);
  if (!r.ok) throw new ScenarioError(r.issues);
  return r.scenario;
}

/**
 * A scenario validated already (a compiled built-in), served as `exchange`: when that is not the
 * exchange it was written for, its names are checked again against that exchange's, so that fault
 * rules naming another exchange's methods are refused rather than never firing (a calm run judged
 * as an outage).
 */
function servedAs(scenario: Scenario, exchange: DialectName | undefined): Scenario {
  if (exchange === undefined || exchange === (scenario.exchange ?? DEFAULT_DIALECT)) return scenario;
  const problems = crossFieldProblems(scenario, undefined, DIALECTS[exchange]);
  if (problems.length === 0) return scenario;
  const why = `written for ${scenario.exchange ?? DEFAULT_DIALECT}, served as ${exchange}: these names would never match (a scenario for ${exchange} names its routes)`;
  throw new ScenarioError([{ file: scenario.name, line: 0, col: 0, path: 'exchange', message: why }, ...problems.map((p) => ({ file: scenario.name, line: 0, col: 0, path: p.path.join('.'), message: p.message }))]);
}

/** Keeps the exchange catching up with the clock on its own, so timed events happen without requests. */
export function driveExchange(exchange: Exchange, clock: Clock, after?: (now: number) => void): { stop(): void } {
  let timer: Timer | undefined;
  let stopped = false;
  const arm = (): void => {
    if (stopped) return;
    timer = clock.schedule(exchange.nextDue(), () => {
      exchange.sync(clock.now());
      after?.(clock.now());
      arm();
    });
  };
  arm();
  return { stop: () => { stopped = true; timer?.cancel(); } };
}

/** Builds the exchange and its scenario engine for a scenario and clock (no network), e.g. for msw or direct tests. */
export async function createExchange(opts: StartOptions = {}): Promise<{ exchange: Exchange; clock: Clock; scenario: Scenario; engine: ScenarioEngine }> {
  const scenario = await loadScenario(opts.scenario, opts.exchange);
  const start = opts.startTime ?? (scenario.market?.start ? Date.parse(scenario.market.start) : undefined);
  const clock: Clock = typeof opts.clock === 'object' ? opts.clock
    : opts.clock === 'manual' ? new ManualClock(start ?? DEFAULT_MANUAL_START)
    : new SystemClock(opts.speed ?? 1, undefined, start);
  // A system clock started at `start` has already moved on a little: the run still begins exactly there.
  const startTime = typeof opts.clock === 'object' || start === undefined ? clock.now() : start;
  const exchange = new Exchange(resolveScenario(scenario, { seed: opts.seed, startTime, credentials: opts.credentials }));
  if (opts.orderHistory !== undefined) exchange.trading.historyLimit = opts.orderHistory;
  const engine = new ScenarioEngine(scenario, exchange, startTime);
  return { exchange, clock, scenario, engine };
}

/** One life of a scenario on the server; a restart or a new scenario replaces it whole. */
interface LiveRun extends Run {
  /** The run's HTTP side: the status page under STATUS_PREFIX, the served exchange's REST API for the rest. */
  app: Handler;
  /** Kraken's WebSockets, when the run serves Kraken. */
  kraken: WebSockets | undefined;
  /** Binance's market streams, when the run serves Binance. */
  binance: BinanceWebSockets | undefined;
  status: StatusPage;
  stop(): void;
}

/** The WebSocket side of a run: both API versions with their fault layer and journal, published after every market step. */
export interface WebSockets {
  v2: KrakenWsV2;
  v1: KrakenWsV1;
  faults: WsFaults;
  wsJournal: WsJournal;
  stop(): void;
}

/** Starts the WebSocket APIs on an exchange and drives the exchange with its clock (the same rng forks for every transport, so a seed replays alike). */
export function startWebSockets(exchange: Exchange, engine: ScenarioEngine, clock: Clock, journal: Journal): WebSockets {
  const faults = new WsFaults(engine, exchange, clock, exchange.rng.fork('ws-faults'));
  const wsJournal = new WsJournal(journal, exchange, clock);
  const v2 = new KrakenWsV2(exchange, clock, exchange.rng.fork('ws'), faults, wsJournal);
  const v1 = new KrakenWsV1(exchange, clock, exchange.rng.fork('ws-v1'), faults, wsJournal);
  const driver = driveExchange(exchange, clock, (now) => {
    // Once per market step for both versions: phase-start connection faults, then each version's round.
    faults.tick(now);
    const mode = exchange.trading.conditions.mode(undefined, now);
    v2.publish(now, mode);
    v1.publish(now, mode);
  });
  return {
    v2, v1, faults, wsJournal,
    stop: () => {
      driver.stop();
      v2.close();
      v1.close();
    },
  };
}

/** The exchange a run serves: the caller's choice (the command line's), else the scenario's `exchange:`, else the default. */
export const servedDialect = (opts: StartOptions, scenario: Scenario): DialectName => opts.exchange ?? scenario.exchange ?? DEFAULT_DIALECT;

/** Builds a run: exchange, engine, clock driver, WebSockets, status page and the HTTP app of the dialect's REST API (Kraken's or Binance's). */
async function buildRun(opts: StartOptions, journal: Journal, waits: ClockWaits): Promise<LiveRun> {
  const { exchange, clock, scenario, engine } = await createExchange(opts);
  const served = servedDialect(opts, scenario);
  const sockets = served === 'kraken' ? startWebSockets(exchange, engine, clock, journal) : undefined;
  // One set of Binance limits per run: REST and the WebSocket API share each IP's request weight.
  const binanceLimits = served === 'binance' ? new BinanceLimits(exchange) : undefined;
  const binance = served === 'binance' ? startBinanceWebSockets(exchange, engine, clock, journal, binanceLimits) : undefined;
  const binanceDriver = binance && driveExchange(exchange, clock, (now) => binance.publish(now));
  const status = new StatusPage(engine, exchange, DIALECTS[served].title);
  // The status API is apart from the exchange's routes (fault rules never reach it), and each request
  // goes straight to its own handler: an API call does not walk the status page's code first.
  const statusApp = statusHandler(status, clock, journal);
  const api = served === 'binance'
    ? binanceHttpHandler(exchange, clock, { faults: engine, journal, waits, limits: binanceLimits })
    : krakenHttpHandler(createKrakenService(exchange, clock, engine, journal), clock, waits);
  const app: Handler = (req, res) => {
    if (isUnder(req.url ?? '', STATUS_PREFIX)) statusApp(req, res);
    else api(req, res);
  };
  let alive = true;
  return {
    exchange, clock, scenario, engine, app, kraken: sockets, binance, status,
    journalFrom: journal.total,
    sweepConnections: () => (sockets ?? binance)?.faults.sweep(),
    alive: () => alive,
    stop: () => {
      alive = false;
      sockets?.stop();
      binanceDriver?.stop();
      binance?.stop();
    },
  };
}

/**
 * Starts a chaos-exchange on HTTP: the scenario's exchange, its clock, the Kraken REST API and
 * WebSockets, the status page (`/api/v2/*.json`) and the control API (`/__chaos/`). A restart
 * (control API) replaces the run behind the same port. Resolves once listening; `close()` stops
 * listening, closes HTTP connections, sends every WebSocket a close frame 1001 (dropping clients
 * that do not answer within CLOSE_GRACE_MS of real time) and stops the clock driver.
 */
export async function startExchange<O extends StartOptions>(opts: O = {} as O): Promise<RunningExchange<ClockFor<O>>> {
  const journal = new Journal(opts.journalSize);
  const waits = new ClockWaits();
  let run = await buildRun(opts, journal, waits);
  const host: ControlHost = {
    journal,
    current: () => run,
    restart: async (next) => {
      const fresh = await buildRun({ ...opts, ...(next ? { scenario: next, seed: undefined } : { scenario: run.scenario }) }, journal, waits);
      const old = run;
      run = fresh;
      old.stop();
    },
  };
  const listenHost = opts.host ?? '127.0.0.1';
  // The served dialect's own hosts: what the transparent proxy answers for.
  const proxyHosts = (): readonly string[] => DIALECTS[servedDialect(opts, run.scenario)].hosts ?? [];
  const caDir = opts.caDir ?? authorityDir();
  // node-forge loads with the first CONNECT (or ensureCa), not at start-up.
  let authority: Promise<LocalAuthority> | undefined;
  const ensureAuthority = (): Promise<LocalAuthority> => (authority ??= import('./proxy/authority.js').then((m) => m.loadAuthority(caDir, wallNow())));
  // Express, the control routes and the dashboard load on the first control request, not before ready.
  const control = builtOnFirstUse(async () => {
    const [{ default: express }, { controlRouter }, { Controller }] = await Promise.all([import('express'), import('./control/control-api.js'), import('./control/controller.js')]);
    const hosts = allowedHostSet([listenHost, ...(opts.allowedHosts ?? [])]);
    const connection = async (): Promise<ClientConnection> => ({
      accounts: [...run.exchange.accounts.values()].map((a) => ({ name: a.name, key: a.spec.key, secret: a.spec.secret })),
      proxy: { hosts: proxyHosts(), ca: readFileSync((await ensureAuthority()).certFile, 'utf8') },
    });
    return express().disable('x-powered-by').use(CONTROL_PREFIX, controlRouter(new Controller(host), journal, { token: opts.controlToken, hosts, connection }));
  });
  const server: Server = createServer({ keepAlive: true }, (req, res) => {
    if (isUnder(req.url ?? '', CONTROL_PREFIX)) control(req, res);
    else run.app(req, res);
  });
  // A client that sends its request and then shuts its side (FIN) still gets the answer, on every
  // route alike: by default Node ends the socket at the FIN, losing answers that are not written in
  // that same turn (the control API and the status page answer a turn later, a scripted delay much later).
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  const upgrades = attachKrakenWs(server, () => run.kraken && { v2: run.kraken.v2, v1: run.kraken.v1, faults: run.kraken.faults, journal: run.kraken.wsJournal });
  const binanceUpgrades = attachBinanceStreams(server, () => run.binance);
  attachConnectProxy(server, { hosts: proxyHosts, certificate: async (names) => (await ensureAuthority()).leaf(names), passthrough: opts.passthrough });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  return {
    url: `http://${urlHost}:${port}`, host: listenHost, port, journal,
    proxy: { url: `http://${urlHost}:${port}`, get hosts() { return proxyHosts(); }, caFile: join(caDir, 'ca.pem'), ensureCa: async () => (await ensureAuthority()).certFile },
    get requestsWaitingOnClock() { return waits.count; },
    get clock() { return run.clock as ClockFor<O>; },
    get exchange() { return run.exchange; },
    get engine() { return run.engine; },
    get status() { return run.status; },
    get scenario() { return run.scenario; },
    get journalFrom() { return run.journalFrom; },
    get accounts() { return [...run.exchange.accounts.values()].map((a) => ({ name: a.name, key: a.spec.key, secret: a.spec.secret })); },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // No new connections; idle keep-alive ones and requests still waiting on the clock (a hang, a delay) are closed.
      server.closeAllConnections();
      // WebSocket clients are told 1001 (going away), given a real-time grace to answer, then dropped.
      await Promise.all([upgrades.close(new SystemClock()), binanceUpgrades.close(new SystemClock())]);
      run.stop();
      await closed;
    },
  };
}
