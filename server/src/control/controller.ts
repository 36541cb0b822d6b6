import { isSpeed, MAX_SPEED, SystemClock, type Clock } from '../clock/clock.js';
import { formatDuration, parseDuration } from '../clock/duration.js';
import { parseDec } from '../exchange/decimal.js';
import type { StatusPage } from '../api/status/status-page.js';
import type { Exchange } from '../exchange/exchange.js';
import { faultRuleSchema } from '../faults/rules.js';
import type { ScenarioEngine } from '../scenario/engine.js';
import type { InjectedRule } from '../scenario/injected.js';
import type { Scenario } from '../scenario/schema.js';
import { advanceRun, MAX_ADVANCE_MS } from './advance-run.js';
import { auditExchange } from './audit.js';
import { ControlError } from './control-error.js';
import { dashboardView, type DashboardQuery } from './dashboard.js';
import type { Journal } from './journal.js';
import { jumpTarget, phasesMeant } from './jump-target.js';
import { assetNamed, pairNamed } from '../scenario/names.js';

export { ControlError };

/** The exchange run the control API acts on (replaced by a restart or a new scenario). */
export interface Run {
  exchange: Exchange;
  engine: ScenarioEngine;
  clock: Clock;
  scenario: Scenario;
  /** The run's status page (the dashboard shows its components). */
  status: StatusPage;
  /** The journal's last seq before this run began: later entries are this run's (the journal outlives restarts). */
  journalFrom: number;
  /** Lets open WebSocket connections meet newly injected connection faults. */
  sweepConnections(): void;
  /** False once the run is stopped (replaced by a restart, or the server closed): a long advance stops with it. */
  alive(): boolean;
}

/** What the controller needs from the server hosting the run. */
export interface ControlHost {
  current(): Run;
  /** Starts the scenario (default: the current one) again from its beginning. */
  restart(scenario?: Scenario): Promise<void>;
  journal: Journal;
}

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** A duration given as ms (number) or text (`30s`), as the control API accepts them. */
function durationOf(v: unknown, field: string): number {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) throw new ControlError(400, `${field}: expected a duration such as "30s" or a number of ms, got ${JSON.stringify(v)}`);
  return ms;
}

/**
 * The operations behind the control API: read the state, move or stop time, jump to a phase,
 * inject or remove fault rules, fund an account, move a price, restart. Transport-free (the
 * Express router and the dashboard call it), and never subject to fault rules.
 */
export class Controller {
  /** Calls that move time (advance, jump), one after another. */
  private moving: Promise<unknown> = Promise.resolve();
  /** Bumped by every restart: an advance asked for before it stops. */
  private epoch = 0;

  constructor(private readonly host: ControlHost) {}

  /** Scenario, clock, phase in force, timeline, modes and faults in force, journal size. */
  state(): Record<string, unknown> {
    const { exchange, engine, clock, scenario } = this.host.current();
    const now = clock.now();
    const l = engine.locate(now);
    const pairs = Object.fromEntries([...exchange.markets.keys()].map((s) => [s, engine.mode(s, now)]));
    return {
      scenario: { name: scenario.name, description: scenario.description ?? null, loop: scenario.loop ?? false },
      seed: exchange.config.seed,
      clock: { kind: clock.kind, now: iso(now), nowMs: now, speed: clock instanceof SystemClock ? clock.speed : null, paused: clock instanceof SystemClock ? clock.isPaused : true },
      startedAt: iso(engine.startTime),
      elapsedMs: now - engine.startTime,
      phase: { index: l.phase.index, name: l.phase.name, label: l.phase.label, cycle: l.cycle, start: iso(l.start), end: iso(l.end), remainingMs: Number.isFinite(l.end) ? l.end - now : null },
      timeline: engine.phases.map((p) => ({ index: p.index, name: p.name, label: p.label, startMs: p.start, endMs: Number.isFinite(p.end) ? p.end : null, mode: p.decl.mode ?? 'online', faults: p.decl.faults?.length ?? 0 })),
      mode: { global: engine.mode(undefined, now), pairs },
      faults: { phase: l.phase.decl.faults ?? [], injected: engine.injected.active(now).map(injectedView) },
      journal: { total: this.host.journal.total },
    };
  }

  /** Starts the scenario (or a new one) again from its beginning; the journal is kept. */
  async restart(scenario?: Scenario): Promise<void> {
    this.epoch++;
    await this.host.restart(scenario);
  }

  /** A restart that also forgets the journal (injected faults go with the old run). */
  async reset(): Promise<void> {
    await this.restart();
    this.host.journal.clear();
  }

  pause(): void {
    this.systemClock('pause').pause();
  }

  resume(): void {
    this.systemClock('resume').resume();
  }

  setSpeed(speed: unknown): void {
    if (!isSpeed(speed)) throw new ControlError(400, `speed: expected a number above 0 and at most ${MAX_SPEED}, got ${JSON.stringify(speed)}`);
    this.systemClock('speed').setSpeed(speed);
  }

  /**
   * Moves simulated time forward by `by` (at most MAX_ADVANCE_MS) on either clock, paused or not,
   * firing everything that falls due on the way in time order. A long advance fast-forwards in slices that let
   * other requests in (see advanceRun) and resolves when done; calls that move time run one after
   * another, and a restart stops an advance still going (409).
   */
  async advance(by: unknown): Promise<void> {
    const ms = durationOf(by, 'by');
    if (ms > MAX_ADVANCE_MS) throw new ControlError(400, `by: an advance moves at most ${formatDuration(MAX_ADVANCE_MS)} (366 days), got ${JSON.stringify(by)}`);
    const epoch = this.epoch;
    await this.oneAtATime(() => this.moveBy(ms, epoch));
  }

  /**
   * Moves to the next start of a phase, by label, name or index (see jumpTarget: a name several
   * phases share means the next of them); one already passed means a restart first.
   */
  async jump(phase: unknown): Promise<void> {
    phasesMeant(this.host.current().engine.phases, phase);
    await this.oneAtATime(async () => {
      let now = this.host.current();
      const { at, restart } = jumpTarget(now.engine.phases, now.engine.cycle, now.clock.now() - now.engine.startTime, phase);
      if (restart) {
        await this.restart();
        now = this.host.current();
      }
      await this.moveBy(now.engine.startTime + at - now.clock.now(), this.epoch);
    });
  }

  private oneAtATime(fn: () => Promise<void>): Promise<void> {
    const next = this.moving.then(fn, fn);
    this.moving = next.catch(() => undefined);
    return next;
  }

  /** Advances the current run by `ms`, unless a restart since `epoch` made the request stale. */
  private async moveBy(ms: number, epoch: number): Promise<void> {
    const run = this.host.current();
    const start = run.clock.now();
    const stale = (): boolean => this.epoch !== epoch || this.host.current() !== run || !run.alive();
    if (stale() || !(await advanceRun(run, ms, stale))) {
      throw new ControlError(409, `advance stopped after ${formatDuration(run.clock.now() - start)} of ${formatDuration(ms)}: the scenario was restarted or the server is closing`);
    }
  }

  /** Adds a fault rule (validated like a scenario's) for `duration` or until removed. */
  inject(body: unknown): InjectedRule & { untilIso: string | null } {
    const { duration, ...rule } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const parsed = faultRuleSchema.safeParse(rule);
    if (!parsed.success) {
      throw new ControlError(400, 'invalid fault rule', parsed.error.issues.map((i) => ({ path: i.path.join('.'), line: 0, message: i.message })));
    }
    const run = this.host.current();
    const added = run.engine.injected.add(parsed.data, run.clock.now(), duration === undefined ? Infinity : durationOf(duration, 'duration'));
    run.sweepConnections();
    return { ...added, untilIso: iso(added.until) };
  }

  removeFault(id: string): void {
    if (!this.host.current().engine.injected.remove(id)) throw new ControlError(404, `no injected fault "${id}"`);
  }

  faults(): Record<string, unknown>[] {
    const { engine, clock } = this.host.current();
    return engine.injected.active(clock.now()).map(injectedView);
  }

  /** Credits an account through a deposit (credited now when `instant`, else after the asset's confirmations). */
  fund(body: Record<string, unknown>): Record<string, unknown> {
    const { exchange, clock } = this.host.current();
    const account = typeof body.account === 'string' ? exchange.accounts.get(body.account) ?? exchange.byKey.get(body.account) : undefined;
    if (!account) throw new ControlError(400, `account: no account ${JSON.stringify(body.account)} (accounts: ${[...exchange.accounts.keys()].join(', ')})`);
    const asset = typeof body.asset === 'string' ? assetNamed(body.asset) : undefined;
    if (!asset) throw new ControlError(400, `asset: unknown asset ${JSON.stringify(body.asset)}`);
    const amount = typeof body.amount === 'string' || typeof body.amount === 'number' ? parseDec(String(body.amount)) : undefined;
    if (amount === undefined || amount <= 0n) throw new ControlError(400, `amount: expected a positive decimal, got ${JSON.stringify(body.amount)}`);
    const now = clock.now();
    const d = exchange.funding.deposit(account.name, asset, amount, now, { instant: body.instant === true });
    exchange.sync(now);
    return { refid: d.refid, account: account.name, asset: asset.code, status: d.status };
  }

  /** Sets a pair's mid price (`price`) or moves it by `change` percent; the book follows at the next step. */
  movePrice(body: Record<string, unknown>): Record<string, unknown> {
    const { exchange, clock } = this.host.current();
    const spec = typeof body.pair === 'string' ? pairNamed(body.pair) : undefined;
    const market = spec ? exchange.markets.get(spec.symbol) : undefined;
    if (!market) throw new ControlError(400, `pair: not a listed pair: ${JSON.stringify(body.pair)}`);
    if (typeof body.price === 'number' && body.price > 0) market.mid = body.price;
    else if (typeof body.change === 'number' && body.change > -90 && body.change <= 500) market.mid *= 1 + body.change / 100;
    else throw new ControlError(400, 'expected "price" (a positive number) or "change" (percent, -90 to 500)');
    exchange.sync(clock.now());
    return { pair: market.spec.symbol, mid: market.mid };
  }

  /** The dashboard's picture of this instant (see dashboardView). */
  dashboard(q: DashboardQuery): Record<string, unknown> {
    return { ...this.state(), ...dashboardView(this.host.current(), this.host.journal, q) };
  }

  /** The money audit: every ledger explains its balance, holds add up, no fill lost (empty when all is well). */
  audit(): string[] {
    return auditExchange(this.host.current().exchange);
  }

  private systemClock(what: string): SystemClock {
    const { clock } = this.host.current();
    if (!(clock instanceof SystemClock)) throw new ControlError(409, `${what}: the ${clock.kind} clock moves only through /__chaos/advance and /__chaos/jump`);
    return clock;
  }
}

function injectedView(r: InjectedRule): Record<string, unknown> {
  return { id: r.id, rule: r.rule, since: iso(r.since), until: iso(r.until), lasts: Number.isFinite(r.until) ? formatDuration(r.until - r.since) : null };
}
