import { parseDuration } from '../clock/duration.js';
import type { PhaseDecl, TimelineEntry } from './timeline-schema.js';
import type { Scenario } from './schema.js';

/** One phase instance on the absolute timeline (repeats expanded). Times are ms offsets from the start. */
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

/** The calm phase a scenario without a timeline lives in forever. */
const CALM: PhaseDecl = { name: 'calm' };

/** Expands a scenario's timeline into consecutive phase instances (repeats unrolled). */
export function expandTimeline(scenario: Scenario): Phase[] {
  const out: Phase[] = [];
  let t = 0;
  const push = (decl: PhaseDecl, label: string): void => {
    const d = decl.duration === undefined ? Infinity : (parseDuration(decl.duration) as number);
    out.push({ index: out.length, name: decl.name, label, start: t, end: t + d, decl });
    t += d;
  };
  const entries: TimelineEntry[] = scenario.timeline ?? [CALM];
  for (const entry of entries) {
    if (entry.phases && entry.repeat) {
      for (let r = 1; r <= entry.repeat; r++) for (const p of entry.phases) push(p, `${entry.name} #${r} / ${p.name}`);
    } else {
      push(entry as PhaseDecl, entry.name);
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
