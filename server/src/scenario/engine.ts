import type { Rng } from '../clock/rng.js';
import type { Conditions, Mode, OrderPolicyNow } from '../exchange/conditions.js';
import type { Exchange } from '../exchange/exchange.js';
import { findPair } from '../exchange/pairs.js';
import { RuleSet, type Target } from '../faults/rules.js';
import type { Outcome } from '../faults/outcome.js';
import type { Scenario } from './schema.js';
import { expandTimeline, phaseAt, type Phase } from './timeline.js';
import type { PhaseDecl } from './timeline-schema.js';

const ACCEPT: OrderPolicyNow = { new: 'accept', rejectWith: 'EService:Unavailable', triggers: 'active' };

function modeOf(decl: PhaseDecl, symbol: string | undefined): Mode {
  const m = decl.mode;
  if (m === undefined) return 'online';
  if (typeof m === 'string') return m;
  if (symbol !== undefined && m.pairs) {
    for (const [name, mode] of Object.entries(m.pairs)) if (findPair(name)?.symbol === symbol) return mode;
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
  private readonly rules = new Map<number, RuleSet>();
  private readonly rng: Rng;

  constructor(readonly scenario: Scenario, private readonly exchange: Exchange, readonly startTime: number) {
    this.phases = expandTimeline(scenario);
    this.rng = exchange.rng.fork('faults');
    exchange.trading.conditions = this;
    const baseVol = new Map([...exchange.markets].map(([s, m]) => [s, m.volatility]));
    for (const phase of this.phases) {
      exchange.scheduler.at(startTime + phase.start, (at) => this.enter(phase, at, baseVol));
    }
  }

  /** The phase in force at simulated time `now`. */
  phaseAt(now: number): Phase {
    return phaseAt(this.phases, now - this.startTime);
  }

  mode(symbol: string | undefined, now: number): Mode {
    return modeOf(this.phaseAt(now).decl, symbol);
  }

  orders(now: number): OrderPolicyNow {
    const p = this.phaseAt(now).decl.orders;
    return p ? { new: p.new, rejectWith: p.rejectWith, triggers: p.triggers } : ACCEPT;
  }

  /** The fault outcomes for one request at `now` (seeded per phase instance and rule). */
  decide(target: Target, now: number): { outcomes: Outcome[]; fired: string[]; phase: Phase } {
    const phase = this.phaseAt(now);
    if (!phase.decl.faults?.length) return { outcomes: [], fired: [], phase };
    let set = this.rules.get(phase.index);
    if (!set) {
      set = new RuleSet(phase.decl.faults, this.rng.fork(`phase/${phase.index}`), this.startTime + phase.start, this.startTime + phase.end);
      this.rules.set(phase.index, set);
    }
    return { ...set.decide(target, now), phase };
  }

  private enter(phase: Phase, at: number, baseVol: Map<string, number>): void {
    const { decl } = phase;
    const ex = this.exchange;
    for (const [symbol, m] of ex.markets) {
      m.volatility = (baseVol.get(symbol) ?? m.volatility) * (decl.events?.volatility ?? 1);
      if (decl.events?.gap) m.mid *= 1 + decl.events.gap / 100;
    }
    if (decl.orders?.onEnter === 'cancel') ex.trading.cancelAll(undefined, at, 'Cancelled by the exchange');
    if ((decl.orders?.new ?? 'accept') !== 'queue') ex.trading.releaseQueued(at);
  }
}
