import { runLength } from '../verdict/run-length.js';
import { judge } from '../verdict/verdict.js';
import type { Run } from './controller.js';
import { ControlError } from './control-error.js';
import { cycleStart, passAt, phaseActivity } from './dashboard-activity.js';
import { priceChart } from './dashboard-chart.js';
import type { Journal } from './journal.js';
import { pairNamed } from '../scenario/names.js';

/** What the dashboard asks for: the pair its chart shows and the account it follows (all when absent). */
export interface DashboardQuery {
  pair?: string | undefined;
  account?: string | undefined;
}

type Json = Record<string, unknown>;

/** The status page as the dashboard shows it: indicator, component statuses (groups flagged), open incidents and maintenances. */
function statusView(run: Run, now: number): Json {
  const s = run.status.summary(now) as {
    status: Json; components: { id: string; name: string; status: string; group: boolean; group_id: string | null }[];
    incidents: { name: string; status: string }[]; scheduled_maintenances: { name: string; status: string }[];
  };
  const names = new Map(s.components.map((c) => [c.id, c.name]));
  return {
    ...s.status,
    components: s.components.map((c) => ({ name: c.name, status: c.status, group: c.group, parent: c.group_id === null ? null : names.get(c.group_id) ?? null })),
    incidents: s.incidents.map((i) => ({ name: i.name, status: i.status })),
    maintenances: s.scheduled_maintenances.map((m) => ({ name: m.name, status: m.status })),
  };
}

/** The most phases lived that the dashboard's verdict looks back over (a loop left running, or advanced, for days lives hundreds of thousands). */
export const JUDGED_PHASES = 2000;

/**
 * Where the verdict so far starts: the run's start, or for a loop the start of the latest whole
 * cycles that hold at most JUDGED_PHASES phases (at least the cycle in force).
 */
export function judgedFrom(engine: Run['engine'], now: number): number {
  if (!Number.isFinite(engine.cycle)) return engine.startTime;
  const cycles = Math.max(1, Math.floor(JUDGED_PHASES / engine.phases.length));
  return Math.max(engine.startTime, cycleStart(engine, now) - (cycles - 1) * engine.cycle);
}

/**
 * The verdict so far (over the latest cycles of a loop, see judgedFrom): a check not yet given
 * its chance says "not yet" until the moment `chaos-exchange run` would judge (the last edge plus
 * the tail; never, for a loop).
 */
function verdictSoFar(run: Run, journal: Journal, now: number): Json {
  const { engine, exchange, scenario } = run;
  const over = !Number.isFinite(engine.cycle) && now >= engine.startTime + runLength(engine, scenario.expect);
  const v = judge(scenario, engine, exchange, journal, judgedFrom(engine, now), now, run.journalFrom);
  return {
    declared: v.checks.length > 0,
    passed: v.passed,
    checks: v.checks.map((c) => ({ id: c.id, title: c.title, status: c.status === 'n/a' && !over ? 'not yet' : c.status, evidence: c.evidence })),
  };
}

/**
 * Everything the dashboard draws besides the live log, for one instant of the run: accounts and
 * pairs to choose from, the cycle in force (and which pass of a loop it is), the status page, per-phase activity, the verdict so far
 * and the selected pair's price with orders and fills.
 */
export function dashboardView(run: Run, journal: Journal, q: DashboardQuery): Json {
  const { exchange, engine, clock } = run;
  const now = clock.now();
  if (q.account !== undefined && !exchange.accounts.has(q.account)) {
    throw new ControlError(400, `account: no account ${JSON.stringify(q.account)} (accounts: ${[...exchange.accounts.keys()].join(', ')})`);
  }
  const pairs = [...exchange.markets.keys()];
  const symbol = q.pair === undefined ? pairs[0] : pairNamed(q.pair)?.symbol;
  if (symbol === undefined || !exchange.markets.has(symbol)) throw new ControlError(400, `pair: not a listed pair: ${JSON.stringify(q.pair)} (pairs: ${pairs.join(', ')})`);
  return {
    accounts: [...exchange.accounts.keys()],
    pairs,
    cycle: { start: cycleStart(engine, now), length: Number.isFinite(engine.cycle) ? engine.cycle : null, pass: passAt(engine, now) },
    status: statusView(run, now),
    activity: phaseActivity(engine, journal, now, q.account, run.journalFrom),
    verdict: verdictSoFar(run, journal, now),
    chart: priceChart(exchange, symbol, engine.startTime, now, q.account),
  };
}
