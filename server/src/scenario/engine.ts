import type { Rng } from '../clock/rng.js';
import { parseDuration } from '../clock/duration.js';
import { FUNDING_NORMAL, NO_LIMITS, type Conditions, type FundingNow, type Mode, type OrderPolicyNow, type RateLimitsNow } from '../exchange/conditions.js';
import type { Exchange } from '../exchange/exchange.js';
import { RuleSet, type Target } from '../faults/rules.js';
import type { Outcome } from '../faults/outcome.js';
import type { Scenario } from './schema.js';
import { expandTimeline, locate, type LocatedPhase, type Phase } from './timeline.js';
import type { FundingPolicy, PhaseDecl } from './timeline-schema.js';
import { foldOutcomes, InjectedRules } from './injected.js';
import { assetNamed, pairNamed } from './names.js';

const ACCEPT: OrderPolicyNow = { new: 'accept', rejectWith: 'unavailable', triggers: 'active' };

/** The funding policy a phase sets for `asset`, if it sets one that covers it. */
function fundingOf(decl: PhaseDecl, asset: string): FundingPolicy | undefined {
  const p = decl.funding;
  return p && (!p.assets || p.assets.some((a) => assetNamed(a)?.code === asset)) ? p : undefined;
}

function modeOf(decl: PhaseDecl, symbol: string | undefined): Mode {
  const m = decl.mode;
  if (m === undefined) return 'online';
  if (typeof m === 'string') return m;
  if (symbol !== undefined && m.pairs) {
    for (const [name, mode] of Object.entries(m.pairs)) if (pairNamed(name)?.symbol === symbol) return mode;
  }
  return m.global ?? 'online';
}

/**
 * Lives a scenario's timeline on an exchange. The phase in force is computed from the time when
 * asked (`phaseAt`); only what must happen AT an edge (cancelling resting orders, a price gap, a
 * volatility change, releasing queued orders) is scheduled, on the exchange's own timeline, so it
 * happens in order with everything else and replays exactly.
 */
export class ScenarioEngine implements Conditions {
  readonly phases: Phase[];
  /** Length of one pass of a looping timeline (ms), or Infinity. */
  readonly cycle: number;
  private rules: { key: string; set: RuleSet } | undefined;
  /** Fault rules added while running (control API), decided before the phase's own. */
  readonly injected: InjectedRules;
  private readonly rng: Rng;
  private readonly baseVol: Map<string, number>;

  constructor(readonly scenario: Scenario, private readonly exchange: Exchange, readonly startTime: number) {
    this.phases = expandTimeline(scenario);
    const last = this.phases[this.phases.length - 1] as Phase;
    this.cycle = scenario.loop ? last.end : Infinity;
    // A timeline that neither loops nor ends open-ended is followed by calm: online, no faults.
    if (!scenario.loop && Number.isFinite(last.end)) {
      this.phases.push({ index: this.phases.length, name: 'end', label: 'end (timeline over)', start: last.end, end: Infinity, decl: { name: 'end' } });
    }
    this.rng = exchange.rng.fork('faults');
    this.injected = new InjectedRules(this.rng.fork('injected'));
    this.baseVol = new Map([...exchange.markets].map(([s, m]) => [s, m.volatility]));
    exchange.trading.conditions = this;
    exchange.scheduler.at(startTime, (at) => this.enter(at));
  }

  /** The phase in force at simulated time `now`, with its cycle and absolute bounds. */
  locate(now: number): LocatedPhase {
    const l = locate(this.phases, this.cycle, Math.max(0, now - this.startTime));
    return { ...l, start: this.startTime + l.start, end: this.startTime + l.end };
  }

  /** The phase in force at simulated time `now`. */
  phaseAt(now: number): Phase {
    return this.locate(now).phase;
  }

  mode(symbol: string | undefined, now: number): Mode {
    return modeOf(this.phaseAt(now).decl, symbol);
  }

  orders(now: number): OrderPolicyNow {
    const p = this.phaseAt(now).decl.orders;
    return p ? { new: p.new, rejectWith: p.rejectWith, triggers: p.triggers } : ACCEPT;
  }

  funding(asset: string, now: number): FundingNow {
    const l = this.locate(now);
    const p = fundingOf(l.phase.decl, asset);
    if (!p) return FUNDING_NORMAL;
    return {
      deposits: p.deposits, withdrawals: p.withdrawals, addresses: p.addresses, rejectWith: p.rejectWith,
      fiatDelayMs: p.fiatDelay ? (parseDuration(p.fiatDelay) as number) : 0, until: l.end,
    };
  }

  depositsResume(asset: string, now: number): number {
    let l = this.locate(now);
    if (fundingOf(l.phase.decl, asset)?.deposits !== 'delay') return now;
    // Walk the consecutive delaying phases; a full cycle of them means a loop that never lets up.
    for (let seen = 0; seen < this.phases.length; seen++) {
      if (!Number.isFinite(l.end)) return Infinity;
      l = this.locate(l.end);
      if (fundingOf(l.phase.decl, asset)?.deposits !== 'delay') return l.start;
    }
    return Infinity;
  }

  rateLimits(now: number): RateLimitsNow {
    const base = this.scenario.rateLimits;
    const phase = this.phaseAt(now).decl.rateLimits;
    if (!base && !phase) return NO_LIMITS;
    const pick = (k: 'rest' | 'trading' | 'public'): RateLimitsNow['rest'] => {
      const v = phase?.[k] ?? base?.[k] ?? (base ? true : undefined);
      if (v === undefined || v === false) return null;
      return v === true ? {} : v;
    };
    const ws = phase?.ws ?? base?.ws ?? (base ? true : undefined);
    const wsPick = (k: 'messages' | 'connections'): RateLimitsNow['rest'] => {
      if (ws === undefined || ws === false) return null;
      const v = ws === true ? true : ws[k] ?? true;
      return v === false ? null : v === true ? {} : v;
    };
    return {
      rest: pick('rest'), trading: pick('trading'), public: pick('public'), wsMessages: wsPick('messages'), wsConnections: wsPick('connections'),
      lockout: phase?.lockout ?? base?.lockout ?? true,
    };
  }

  /** Identifies the phase instance in force (cycle and phase): it changes exactly at each edge. */
  phaseKey(now: number): string {
    const l = this.locate(now);
    return `${l.cycle}/${l.phase.index}`;
  }

  hasFaults(now: number): boolean {
    return (this.phaseAt(now).decl.faults?.length ?? 0) > 0 || this.injected.active(now).length > 0;
  }

  /** The fault outcomes for one request at `now` (seeded per phase instance and rule; counters per instance). */
  decide(target: Target, now: number): { outcomes: Outcome[]; fired: string[]; phase: Phase } {
    const l = this.locate(now);
    const { phase } = l;
    const extra = this.injected.decide(target, now);
    if (!phase.decl.faults?.length) return { ...extra, phase };
    const key = `${l.cycle}/${phase.index}`;
    if (this.rules?.key !== key) {
      this.rules = { key, set: new RuleSet(phase.decl.faults, this.rng.fork(`phase/${key}`), l.start, l.end) };
    }
    const own = this.rules.set.decide(target, now);
    return { outcomes: foldOutcomes(extra.outcomes, own.outcomes), fired: [...extra.fired, ...own.fired], phase };
  }

  /** A phase edge: apply what happens AT it, then schedule the next edge (lazily, so loops never end). */
  private enter(at: number): void {
    const l = this.locate(at);
    if (Number.isFinite(l.end) && l.end > at) this.exchange.scheduler.at(l.end, (t) => this.enter(t));
    const { decl } = l.phase;
    const baseVol = this.baseVol;
    const ex = this.exchange;
    const backlog = decl.events?.backlog;
    for (const [symbol, m] of ex.markets) {
      const phaseVol = (baseVol.get(symbol) ?? m.volatility) * (decl.events?.volatility ?? 1);
      m.volatility = phaseVol * (backlog?.volatility ?? 1);
      m.tradeBoost = backlog?.trades ?? 1;
      if (decl.events?.gap) m.mid *= 1 + decl.events.gap / 100;
      if (backlog) {
        ex.scheduler.at(at + (parseDuration(backlog.duration) as number), () => {
          m.volatility = phaseVol;
          m.tradeBoost = 1;
        });
      }
    }
    if (decl.orders?.onEnter === 'cancel') ex.trading.cancelAll(undefined, at, 'Cancelled by the exchange');
    if ((decl.orders?.new ?? 'accept') !== 'queue') ex.trading.releaseQueued(at);
  }
}
