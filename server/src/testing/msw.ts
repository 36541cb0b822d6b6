import type { HttpHandler, WebSocketHandler } from 'msw';
import { createExchange, startWebSockets, type AccountCredentials } from '../app.js';
import type { Clock, ManualClock } from '../clock/clock.js';
import type { Exchange } from '../exchange/exchange.js';
import type { ScenarioEngine } from '../scenario/engine.js';
import type { Scenario, ScenarioInput } from '../scenario/schema.js';
import { Journal } from '../control/journal.js';
import { createKrakenService } from '../api/kraken/rest/service.js';
import { krakenMswHandlers } from '../api/kraken/rest/msw.js';
import { statusMswHandlers } from '../api/status/msw.js';
import { StatusPage } from '../api/status/status-page.js';
import { KRAKEN_WS_URLS, krakenWsMswHandlers, wsUrlsAt } from '../api/kraken/ws/msw-links.js';

/** The ccxt constructor options that send its REST calls through msw (ccxt on Node bypasses msw without them). */
export { ccxtMswOptions, type CcxtMswOptions } from './ccxt-msw-options.js';

/** Options of createMswHandlers; the clock is a ManualClock unless one is given. */
export interface MswOptions<C extends Clock = ManualClock> {
  seed?: string | number;
  /** 'manual' (the default: time moves only on `clock.advance`), or a Clock of your own (a SystemClock for real time). */
  clock?: 'manual' | C;
  /** Where the REST API is served (default Kraken's `https://api.kraken.com`). */
  baseUrl?: string;
  /**
   * One origin for all four WebSocket endpoints at the server's paths (`/v2`, `/v2-auth`, `/`,
   * `/auth`); by default Kraken's own: `wss://ws.kraken.com/v2`, `wss://ws-auth.kraken.com/v2`,
   * `wss://ws.kraken.com` and `wss://ws-auth.kraken.com`.
   */
  wsUrl?: string;
  /** Where the status page is served (default Kraken's `https://status.kraken.com`). */
  statusUrl?: string;
}

/** A scenario's exchange served in-process: msw handlers plus the same handles a RunningExchange gives. */
export interface MswExchange<C extends Clock = ManualClock> {
  /** REST (`http.all` on baseUrl), status page (statusUrl) and WebSocket (`ws.link`) handlers for `setupServer(...handlers)`. */
  handlers: (HttpHandler | WebSocketHandler)[];
  exchange: Exchange;
  engine: ScenarioEngine;
  clock: C;
  scenario: Scenario;
  /** Every REST call, WebSocket message and connection the handlers served. */
  journal: Journal;
  accounts: AccountCredentials[];
  /** Stops the clock driver and drops every open WebSocket (1006); the msw server is the caller's to close. */
  close(): void;
}

/**
 * Serves a scenario's Kraken REST and WebSocket APIs as msw handlers, all on one exchange, engine
 * and clock, through the same fault pipeline as the HTTP server, so a bot's unit tests can live
 * through a scenario without a network server. The clock driver runs, so WebSocket feeds publish as
 * the clock moves. WebSocket interception needs the global (WHATWG) `WebSocket`, which Node 20 has
 * only with `--experimental-websocket`; clients of the `ws` package are not intercepted. Keep one
 * setupServer per test file and swap exchanges in with `server.use(...handlers)`: in msw 2.9 a
 * setupServer created (or listening again) after another was closed no longer intercepts WebSockets.
 */
export async function createMswHandlers<C extends Clock = ManualClock>(scenario: string | ScenarioInput, options: MswOptions<C> = {}): Promise<MswExchange<C>> {
  const { exchange, clock, scenario: loaded, engine } = await createExchange({ scenario, seed: options.seed, clock: options.clock ?? 'manual' });
  const journal = new Journal();
  const sockets = startWebSockets(exchange, engine, clock, journal);
  const urls = options.wsUrl === undefined ? KRAKEN_WS_URLS : wsUrlsAt(options.wsUrl);
  return {
    handlers: [
      ...krakenMswHandlers(createKrakenService(exchange, clock, engine, journal), clock, options.baseUrl ?? 'https://api.kraken.com'),
      ...statusMswHandlers(new StatusPage(engine, exchange), clock, options.statusUrl ?? 'https://status.kraken.com', journal),
      ...krakenWsMswHandlers(urls, { v2: sockets.v2, v1: sockets.v1, faults: sockets.faults, journal: sockets.wsJournal }),
    ],
    exchange, engine, clock: clock as C, scenario: loaded, journal,
    accounts: [...exchange.accounts.values()].map((a) => ({ name: a.name, key: a.spec.key, secret: a.spec.secret })),
    close: () => sockets.stop(),
  };
}
