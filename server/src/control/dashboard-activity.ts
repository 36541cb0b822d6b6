import type { ScenarioEngine } from '../scenario/engine.js';
import { failed, isRequest, spanIndex } from '../verdict/phases.js';
import type { Journal } from './journal.js';

/** How many buckets each phase's sparkline has. */
export const SPARK_BUCKETS = 24;

/** How many client requests a phase saw, and how many of them failed. */
export interface PhaseCounts {
  requests: number;
  errors: number;
}

/**
 * One phase of the cycle in force, with the client traffic it saw: requests and failures per
 * second, per bucket, and their counts in this pass; `total` counts them over every pass of a loop
 * the journal still holds (the same as this pass's for a timeline that does not loop).
 */
export interface PhaseActivity {
  index: number;
  name: string;
  /** Simulated ms; `end` of an open-ended last phase is where the sparkline stops (now, at least a minute in). */
  start: number;
  end: number;
  bucketMs: number;
  requestsPerSecond: number[];
  errorsPerSecond: number[];
  requests: number;
  errors: number;
  total: PhaseCounts;
}

/** The first simulated ms of the timeline cycle in force at `now` (the run's start unless the scenario loops). */
export function cycleStart(engine: ScenarioEngine, now: number): number {
  const l = engine.locate(now);
  return Number.isFinite(engine.cycle) ? l.start - l.phase.start : engine.startTime;
}

/** Which pass of a looping timeline is in force at `now`, 1 on; null for a timeline that does not loop. */
export function passAt(engine: ScenarioEngine, now: number): number | null {
  return Number.isFinite(engine.cycle) ? engine.locate(now).cycle + 1 : null;
}

/**
 * Request and error rates for each phase of the cycle in force, from the journal (entries of
 * `account` only, when given; those after seq `afterSeq`, the run's own): what the dashboard's
 * per-phase sparklines draw, with each phase's totals over every pass.
 */
export function phaseActivity(engine: ScenarioEngine, journal: Journal, now: number, account?: string, afterSeq = 0): PhaseActivity[] {
  const origin = cycleStart(engine, now);
  const entries = journal.list({ since: engine.startTime, after: afterSeq, limit: Number.MAX_SAFE_INTEGER });
  const totals = new Map(engine.phases.map((p): [number, PhaseCounts] => [p.index, { requests: 0, errors: 0 }]));
  const spans = engine.phases.map((p) => {
    const start = origin + p.start;
    const end = Number.isFinite(p.end) ? origin + p.end : Math.max(now, start + 60_000);
    const bucketMs = Math.max(1, (end - start) / SPARK_BUCKETS);
    return { index: p.index, name: p.name, start, end, bucketMs, req: new Array<number>(SPARK_BUCKETS).fill(0), err: new Array<number>(SPARK_BUCKETS).fill(0), requests: 0, errors: 0 };
  });
  for (const e of entries) {
    // Nothing can arrive after now; an entry that seems to is not this run's.
    if (!isRequest(e) || e.time > now || (account !== undefined && e.account !== account)) continue;
    const total = totals.get(engine.locate(e.time).phase.index);
    if (total) {
      total.requests += 1;
      if (failed(e)) total.errors += 1;
    }
    if (e.time < origin) continue;
    const s = spans[spanIndex(spans, e.time)];
    if (!s) continue;
    const b = Math.min(SPARK_BUCKETS - 1, Math.floor((e.time - s.start) / s.bucketMs));
    s.req[b]! += 1;
    s.requests += 1;
    if (failed(e)) {
      s.err[b]! += 1;
      s.errors += 1;
    }
  }
  const perSecond = (counts: number[], bucketMs: number): number[] => counts.map((n) => Number((n / (bucketMs / 1000)).toFixed(3)));
  return spans.map((s) => ({
    index: s.index, name: s.name, start: s.start, end: s.end, bucketMs: s.bucketMs,
    requestsPerSecond: perSecond(s.req, s.bucketMs), errorsPerSecond: perSecond(s.err, s.bucketMs), requests: s.requests, errors: s.errors,
    total: totals.get(s.index) ?? { requests: 0, errors: 0 },
  }));
}
