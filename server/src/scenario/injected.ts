import type { Rng } from '../clock/rng.js';
import type { Outcome } from '../faults/outcome.js';
import { RuleSet, type FaultRule, type Target } from '../faults/rules.js';

/** A fault rule added while the exchange runs, with its id and when it stops (ms; Infinity = until removed). */
export interface InjectedRule {
  id: string;
  rule: FaultRule;
  since: number;
  until: number;
}

/**
 * Fault rules added at run time (control API, dashboard), on top of the phase's own: each has an
 * id to remove it by and may expire. They are decided before the phase's rules, so an injected
 * 502 storm wins over whatever the phase scripted. Counters start again whenever the list changes.
 */
export class InjectedRules {
  private rules: InjectedRule[] = [];
  private set: RuleSet | undefined;
  private made = 0;

  constructor(private readonly rng: Rng) {}

  add(rule: FaultRule, now: number, durationMs = Infinity): InjectedRule {
    const r = { id: `injected-${++this.made}`, rule, since: now, until: now + durationMs };
    this.rules.push(r);
    this.set = undefined;
    return r;
  }

  /** Removes a rule; false when no rule has that id. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    this.set = undefined;
    return this.rules.length < before;
  }

  /** The rules in force at `now` (expired ones are dropped). */
  active(now: number): InjectedRule[] {
    if (this.rules.some((r) => r.until <= now)) {
      this.rules = this.rules.filter((r) => r.until > now);
      this.set = undefined;
    }
    return this.rules;
  }

  decide(target: Target, now: number): { outcomes: Outcome[]; fired: string[] } {
    const live = this.active(now);
    if (live.length === 0) return { outcomes: [], fired: [] };
    this.set ??= new RuleSet(live.map((r) => ({ ...r.rule, name: r.rule.name ?? r.id })), this.rng.fork(`injected/${this.made}/${live.length}`), now, Infinity);
    return this.set.decide(target, now);
  }
}

/** Outcomes of two rule sets as one decision: delays and WebSocket actions from both, the first set's reply first. */
export function foldOutcomes(first: Outcome[], second: Outcome[]): Outcome[] {
  const isFinal = (o: Outcome): boolean => o.kind !== 'delay' && o.kind !== 'ws';
  const hasFinal = first.some(isFinal);
  return [...first, ...second.filter((o) => !hasFinal || !isFinal(o))];
}
