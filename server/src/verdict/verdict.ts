import type { Journal } from '../control/journal.js';
import type { Exchange } from '../exchange/exchange.js';
import type { ScenarioEngine } from '../scenario/engine.js';
import type { Scenario } from '../scenario/schema.js';
import type { CheckContext, Finding } from './check.js';
import type { BotEnd, RunInfo, RunOutcome } from './outcome.js';
import { deadMansSwitch, noDuplicateOrders, reconcile, watchStatus } from './checks-recovery.js';
import { backoff, maxRequestRate, noLockout, reconnects, retryAfter } from './checks-traffic.js';
import { expectSchema, type CheckId, type ExpectDecl } from './expect-schema.js';
import { phaseSpans, phaseSummaries } from './phases.js';

/** One check's result in the report. */
export interface CheckResult extends Finding {
  id: CheckId;
  title: string;
}

/** The verdict on a client's conduct through a scenario: every declared check, and what happened per phase. */
export interface Verdict {
  scenario: string;
  /** Whether the bot passed: for `chaos-exchange run`, whether the run's outcome is a pass (a crash or an inconclusive run is not). */
  passed: boolean;
  /** `chaos-exchange run` only: how the run ended as a whole, and the exit code it gave. */
  outcome?: RunOutcome;
  exitCode?: number;
  /** `chaos-exchange run` only: why nothing was put to the test, when so (empty otherwise). */
  inconclusive?: string[];
  /** `chaos-exchange run` only: how the run was made (scenario hash, seed, speed, clock, version, durations). */
  run?: RunInfo;
  /** `chaos-exchange run` only: how the bot ended. */
  bot?: BotEnd;
  start: string;
  end: string;
  checks: CheckResult[];
  phases: Record<string, unknown>[];
  /** The exchange's money audit at the end of the run (`chaos-exchange run`): empty when every balance is explained. */
  audit?: string[];
}

/** Each check's title and how it runs (an explicit registry: adding a check is a compile error until listed here). */
const CHECKS: { [K in CheckId]: { title: string; run(o: Exclude<NonNullable<ExpectDecl[K]>, true>, ctx: CheckContext): Finding } } = {
  maxRequestRate: { title: 'stays under the request-rate limit while the exchange is down', run: maxRequestRate },
  backoff: { title: 'backs off (growing gaps) after errors', run: backoff },
  retryAfter: { title: 'honours Retry-After', run: retryAfter },
  noLockout: { title: 'never earns a lockout, ban or rate-limit error', run: noLockout },
  watchStatus: { title: 'watches the status page (or a WebSocket) during the outage', run: watchStatus },
  reconcile: { title: 'reconciles orders and balances after recovery', run: reconcile },
  noDuplicateOrders: { title: 'places no duplicate order after a lost reply', run: noDuplicateOrders },
  deadMansSwitch: { title: 'keeps the dead man\'s switch alive', run: deadMansSwitch },
  reconnects: { title: 'reconnects without a storm', run: reconnects },
};

/** A check's options with its defaults applied (`true` = all defaults). */
function optionsOf<K extends CheckId>(id: K, decl: ExpectDecl): Exclude<NonNullable<ExpectDecl[K]>, true> {
  const v = decl[id];
  const shape = expectSchema.shape[id].unwrap().options[1];
  return (v === true ? shape.parse({}) : v) as Exclude<NonNullable<ExpectDecl[K]>, true>;
}

/**
 * Judges the client's conduct between `from` and `to` (simulated ms) from the journal: every
 * check the scenario's `expect` declares, with evidence, and a summary of each phase lived.
 * Only entries after seq `afterSeq` count (a restarted run's own, as the journal outlives restarts).
 */
export function judge(scenario: Scenario, engine: ScenarioEngine, exchange: Exchange, journal: Journal, from: number, to: number, afterSeq = 0): Verdict {
  const decl = scenario.expect ?? {};
  // Entries are journaled as they are answered; the checks read them in the order they arrived.
  const all = journal.list({ since: from, after: afterSeq, limit: Number.MAX_SAFE_INTEGER }).filter((e) => e.time <= to).sort((a, b) => a.time - b.time || a.seq - b.seq);
  // Unsigned calls (status polls, public routes) count as the account's when they come from an address it used.
  const ips = new Set(all.filter((e) => e.account === decl.account).map((e) => e.ip));
  const mine = decl.account ? all.filter((e) => e.account === decl.account || (e.account === undefined && ips.has(e.ip))) : all;
  const spans = phaseSpans(engine, from, to);
  const ctx: CheckContext = { entries: mine, spans, start: from, end: to, exchange };
  const checks = (Object.keys(CHECKS) as CheckId[]).filter((id) => decl[id] !== undefined).map((id): CheckResult => {
    const { title, run } = CHECKS[id] as { title: string; run(o: unknown, c: CheckContext): Finding };
    return { id, title, ...run(optionsOf(id, decl), ctx) };
  });
  return {
    scenario: scenario.name, passed: checks.every((c) => c.status !== 'fail'),
    start: new Date(from).toISOString(), end: new Date(to).toISOString(), checks, phases: phaseSummaries(spans, mine),
  };
}
