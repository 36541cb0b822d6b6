import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock, SystemClock, type Clock, type Timer } from './clock/clock.js';
import { Exchange } from './exchange/exchange.js';
import { createKrakenService } from './api/kraken/rest/service.js';
import { ScenarioEngine } from './scenario/engine.js';
import { KrakenWsV2 } from './api/kraken/ws/server-v2.js';
import { KrakenWsV1 } from './api/kraken/ws/server-v1.js';
import { attachKrakenWs } from './api/kraken/ws/upgrade.js';
import { WsFaults } from './api/kraken/ws/ws-faults.js';
import { krakenExpressApp } from './api/kraken/rest/express.js';
import { crossFieldProblems, loadScenarioFile, formatIssue, type ScenarioIssue } from './scenario/load.js';
import { resolveScenario, DEFAULT_MANUAL_START } from './scenario/resolve.js';
import { scenarioSchema, type Scenario, type ScenarioInput } from './scenario/schema.js';
import { DEFAULT_SCENARIO, scenarioPath } from './scenario/builtin.js';

/** A scenario that failed validation; `issues` holds every problem, `message` lists them. */
export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(`invalid scenario:\n${issues.map(formatIssue).join('\n')}`);
  }
}

export interface StartOptions {
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
  /** Start of simulated time on the manual clock, ms since the epoch. */
  startTime?: number;
}

/** An account's credentials as printed at start and handed to bots. */
export interface AccountCredentials {
  name: string;
  key: string;
  secret: string;
}

/** The clock type a StartOptions gives: a ManualClock (with advance()) for `clock: 'manual'`. */
export type ClockFor<O extends StartOptions> = O extends { clock: 'manual' } ? ManualClock : O extends { clock: infer C extends Clock } ? C : Clock;

export interface RunningExchange<C extends Clock = Clock> {
  url: string;
  host: string;
  port: number;
  accounts: AccountCredentials[];
  clock: C;
  exchange: Exchange;
  engine: ScenarioEngine;
  scenario: Scenario;
  close(): Promise<void>;
}

/** Loads a scenario by built-in name, file path or object; throws ScenarioError with every issue. */
export async function loadScenario(source: string | ScenarioInput = DEFAULT_SCENARIO): Promise<Scenario> {
  if (typeof source !== 'string') {
    const r = scenarioSchema.safeParse(source);
    if (!r.success) throw new ScenarioError(r.error.issues.map((i) => ({ file: '<object>', line: 0, col: 0, path: i.path.join('.'), message: i.message })));
    const problems = crossFieldProblems(r.data);
    if (problems.length) throw new ScenarioError(problems.map((p) => ({ file: '<object>', line: 0, col: 0, path: p.path.join('.'), message: p.message })));
    return r.data;
  }
  const r = await loadScenarioFile(scenarioPath(source));
  if (!r.ok) throw new ScenarioError(r.issues);
  return r.scenario;
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
  const scenario = await loadScenario(opts.scenario);
  const clock: Clock = typeof opts.clock === 'object' ? opts.clock
    : opts.clock === 'manual' ? new ManualClock(opts.startTime ?? (scenario.market?.start ? Date.parse(scenario.market.start) : DEFAULT_MANUAL_START))
    : new SystemClock(opts.speed ?? 1);
  const exchange = new Exchange(resolveScenario(scenario, { seed: opts.seed, startTime: clock.now() }));
  const engine = new ScenarioEngine(scenario, exchange, clock.now());
  return { exchange, clock, scenario, engine };
}

/**
 * Starts a chaos-exchange on HTTP: the scenario's exchange, its clock, the Kraken REST API.
 * Resolves once listening; `close()` stops the clock driver and closes every connection.
 */
export async function startExchange<O extends StartOptions>(opts: O = {} as O): Promise<RunningExchange<ClockFor<O>>> {
  const { exchange, clock, scenario, engine } = await createExchange(opts);
  const faults = new WsFaults(engine, exchange, clock, exchange.rng.fork('ws-faults'));
  const ws = new KrakenWsV2(exchange, clock, exchange.rng.fork('ws'), faults);
  const wsV1 = new KrakenWsV1(exchange, clock, exchange.rng.fork('ws-v1'), faults);
  const driver = driveExchange(exchange, clock, (now) => {
    ws.publish(now);
    wsV1.publish(now);
  });
  const app = krakenExpressApp(createKrakenService(exchange, clock, engine), clock);
  const server: Server = createServer({ keepAlive: true }, app);
  const upgrades = attachKrakenWs(server, { v2: ws, v1: wsV1 }, faults);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`, host, port, clock: clock as ClockFor<O>, exchange, engine, scenario,
    accounts: [...exchange.accounts.values()].map((a) => ({ name: a.name, key: a.spec.key, secret: a.spec.secret })),
    close: () => new Promise<void>((resolve) => {
      driver.stop();
      ws.close();
      wsV1.close();
      upgrades.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
