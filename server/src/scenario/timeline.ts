import { formatDuration, parseDuration } from '../clock/duration.js';
import type { PhaseDecl, TimelineEntry } from './timeline-schema.js';
import type { Scenario } from './schema.js';

/** One phase instance on the timeline (repeats expanded). Times are ms offsets from the start of a cycle. */
export interface Phase {
  index: number;
  name: string;
  /** `group name #n / phase name` for repeated phases. */
  label: string;
  start: number;
  /** Infinity for an open-ended last phase. */
  end: number;
  decl: PhaseDecl;
}

/** A phase instance located in absolute time: which cycle of a looping timeline, and its bounds (ms). */
export interface LocatedPhase {
  phase: Phase;
  cycle: number;
  start: number;
  end: number;
}

/** The calm phase a scenario without a timeline lives in forever. */
const CALM: PhaseDecl = { name: 'calm' };

/**
 * Expands a scenario's timeline into consecutive phase instances (repeats unrolled). A phase with
 * `at` starts at that offset: the phase before it lasts until then. Throws if an `at` would go
 * back in time (validation reports it first; see `timelineProblems`).
 */
export function expandTimeline(scenario: Scenario): Phase[] {
  const decls: { decl: PhaseDecl; label: string }[] = [];
  const entries: TimelineEntry[] = scenario.timeline ?? [CALM];
  for (const entry of entries) {
    if (entry.phases && entry.repeat) {
      for (let r = 1; r <= entry.repeat; r++) for (const p of entry.phases) decls.push({ decl: p, label: `${entry.name} #${r} / ${p.name}` });
    } else {
      decls.push({ decl: entry as PhaseDecl, label: entry.name });
    }
  }
  const out: Phase[] = [];
  let t = 0;
  decls.forEach(({ decl, label }, i) => {
    const start = decl.at !== undefined ? (parseDuration(decl.at) as number) : t;
    const prev = out[out.length - 1];
    if (prev && prev.decl.duration === undefined) prev.end = start;
    const next = decls[i + 1]?.decl;
    const end = decl.duration !== undefined ? start + (parseDuration(decl.duration) as number) : next?.at !== undefined ? (parseDuration(next.at) as number) : Infinity;
    out.push({ index: out.length, name: decl.name, label, start, end, decl });
    t = end;
  });
  return out;
}

/** Problems `at` can cause that the schema cannot see: a phase starting before or after the previous one ends. */
export function timelineProblems(phases: readonly Phase[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < phases.length; i++) {
    const [prev, p] = [phases[i - 1] as Phase, phases[i] as Phase];
    if (prev.end !== p.start) {
      out.push(`phase "${p.label}" starts at ${formatDuration(p.start)} but the phase before it ("${prev.label}") ends at ${formatDuration(prev.end)}`);
    }
  }
  return out;
}

/** The phase in force at `offset` ms from the start (the last one after the timeline ends). */
export function phaseAt(phases: readonly Phase[], offset: number): Phase {
  let lo = 0;
  let hi = phases.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((phases[mid] as Phase).start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return phases[lo] as Phase;
}

/** Locates `offset` on a timeline that repeats every `cycle` ms (Infinity = no loop). */
export function locate(phases: readonly Phase[], cycle: number, offset: number): LocatedPhase {
  const n = Number.isFinite(cycle) && cycle > 0 ? Math.floor(offset / cycle) : 0;
  const within = offset - n * (Number.isFinite(cycle) ? cycle : 0);
  const phase = phaseAt(phases, within);
  const base = n * (Number.isFinite(cycle) ? cycle : 0);
  return { phase, cycle: n, start: base + phase.start, end: base + phase.end };
}
