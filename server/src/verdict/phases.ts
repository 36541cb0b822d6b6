import type { JournalEntry } from '../control/journal.js';
import type { ScenarioEngine } from '../scenario/engine.js';
import type { PhaseDecl } from '../scenario/timeline-schema.js';

/** One phase as it was lived during a run (a looping timeline lives each phase many times). */
export interface PhaseSpan {
  name: string;
  label: string;
  start: number;
  end: number;
  /** Calm: online everywhere, no faults, no order or funding policy, no extra limits. */
  calm: boolean;
}

/** Whether a phase leaves the exchange as it is on a good day. */
export function isCalm(decl: PhaseDecl): boolean {
  const m = decl.mode;
  const online = m === undefined || m === 'online' || (typeof m === 'object' && (m.global ?? 'online') === 'online' && Object.values(m.pairs ?? {}).every((x) => x === 'online'));
  return online && !decl.faults?.length && !decl.orders && !decl.funding && !decl.rateLimits;
}

/** The phases lived between `from` and `to` (simulated ms), clipped to that window, in order. */
export function phaseSpans(engine: ScenarioEngine, from: number, to: number): PhaseSpan[] {
  const out: PhaseSpan[] = [];
  let t = from;
  while (t < to || out.length === 0) {
    const l = engine.locate(t);
    out.push({ name: l.phase.name, label: l.phase.label, start: Math.max(l.start, from), end: Math.min(l.end, to), calm: isCalm(l.phase.decl) });
    if (!Number.isFinite(l.end) || l.end <= t) break;
    t = l.end;
  }
  return out;
}

/** Whether the client saw this as a failure: an HTTP error, no reply at all, an exchange error or a refusal. */
export const failed = (e: JournalEntry): boolean =>
  e.outcome === 'refused' || e.status >= 400 || (e.transport === 'rest' && e.status === 0) || e.error !== undefined;

/** A request the client sent (REST call, status poll, WebSocket message or connection attempt), not a close. */
export const isRequest = (e: JournalEntry): boolean => !e.route.startsWith('ws:close');

/** Who sent it: the account when known, else the address. */
export const clientOf = (e: JournalEntry): string => e.account ?? e.ip;

/** The highest number of entries inside any window of `windowMs` ending at an entry, and where. */
export function peak(entries: readonly JournalEntry[], windowMs: number): { count: number; at: number } {
  let best = { count: 0, at: 0 };
  let lo = 0;
  for (let hi = 0; hi < entries.length; hi++) {
    while (entries[hi]!.time - entries[lo]!.time >= windowMs) lo++;
    if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, at: entries[hi]!.time };
  }
  return best;
}

/**
 * Per lived phase: requests, failures, faults and the peak rate (per second, over 10 s). `spans`
 * are in time order and do not overlap (as phaseSpans makes them); each entry is placed by a
 * binary search, so a long run of short phases with a full journal costs one pass, not one per phase.
 */
export function phaseSummaries(spans: readonly PhaseSpan[], entries: readonly JournalEntry[]): Record<string, unknown>[] {
  const within: JournalEntry[][] = spans.map(() => []);
  for (const e of entries) {
    if (!isRequest(e)) continue;
    const i = spanIndex(spans, e.time);
    if (i >= 0) within[i]!.push(e);
  }
  return spans.map((p, i) => {
    const inside = within[i]!;
    return {
      name: p.name, label: p.label, start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString(), calm: p.calm,
      requests: inside.length, failed: inside.filter(failed).length, faulted: inside.filter((e) => e.faults.length > 0).length,
      peakPerSecond: peak(inside, 10_000).count / 10,
    };
  });
}

/** The index of the span holding `time` (start inclusive, end exclusive) among spans in time order that do not overlap, or -1. */
export function spanIndex(spans: readonly { start: number; end: number }[], time: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid]!.start <= time) lo = mid;
    else hi = mid - 1;
  }
  const span = spans[lo];
  return span && time >= span.start && time < span.end ? lo : -1;
}
