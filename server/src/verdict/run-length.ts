import { formatDuration, parseDuration } from '../clock/duration.js';
import type { ScenarioEngine } from '../scenario/engine.js';
import type { ExpectDecl } from './expect-schema.js';
import { phaseSpans } from './phases.js';

/** After the last scripted edge the run goes on at least this long, so recovery checks can see the bot reconcile. */
export const RUN_TAIL_MS = 2 * 60_000;

/** How soon after a recovery `reconcile` wants the bot to look (simulated ms), when the scenario declares it. */
function reconcileWindow(expect: ExpectDecl | undefined): number | undefined {
  const r = expect?.reconcile;
  if (r === undefined) return undefined;
  return parseDuration(r === true ? '2m' : r.within) as number;
}

/**
 * Simulated ms from the start to the end of a run: the timeline's last edge plus a tail that covers
 * the longest window the checks look through after an edge (`reconcile.within`, at least
 * RUN_TAIL_MS); one cycle of a looping timeline, lengthened if its last recovery needs it.
 */
export function runLength(engine: ScenarioEngine, expect?: ExpectDecl): number {
  const within = reconcileWindow(expect) ?? 0;
  if (Number.isFinite(engine.cycle)) {
    const last = recoveries(engine, engine.startTime, engine.startTime + engine.cycle).at(-1);
    return Math.max(engine.cycle, last === undefined ? 0 : last.start - engine.startTime + within);
  }
  const edges = engine.phases.map((p) => p.end).filter((e) => Number.isFinite(e));
  const starts = engine.phases.map((p) => p.start);
  return Math.max(0, ...edges, ...starts) + Math.max(RUN_TAIL_MS, within);
}

/** The recoveries (a calm phase right after one that was not) that start inside the run. */
function recoveries(engine: ScenarioEngine, from: number, to: number): { name: string; start: number }[] {
  return phaseSpans(engine, from, to).filter((p, i, all) => i > 0 && p.calm && !all[i - 1]!.calm && p.start < to);
}

/**
 * Why a run of `length` simulated ms is too short for the checks it is judged by, if it is: a
 * recovery inside it ends the run before `reconcile.within` has passed, so that recovery could
 * never be checked (it would come out n/a in silence).
 */
export function tooShort(engine: ScenarioEngine, expect: ExpectDecl | undefined, length: number): string | undefined {
  const within = reconcileWindow(expect);
  if (within === undefined) return undefined;
  const start = engine.startTime;
  const late = recoveries(engine, start, start + length).find((r) => r.start + within > start + length);
  if (late === undefined) return undefined;
  const need = late.start - start + within;
  return `the run ends ${formatDuration(start + length - late.start)} after the recovery at ${formatDuration(late.start - start)} (phase "${late.name}"), `
    + `but expect.reconcile.within is ${formatDuration(within)}: that recovery could never be checked. `
    + `Give --duration ${formatDuration(need)} or more, or a shorter within.`;
}
