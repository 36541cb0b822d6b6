import { suggest } from '../scenario/suggest.js';
import type { Phase } from '../scenario/timeline.js';
import { ControlError } from './control-error.js';

/** How many labels a refusal lists before it says how many more there are. */
const LISTED = 20;

/** Longest phase name a refusal suggests a correction for (labels are at most about twice a name's 80 characters). */
const SUGGESTED_UP_TO = 200;

/**
 * The phases a `/jump` asks for by `wanted`: the one at that index (a number), else those whose
 * label is `wanted` (`outage #2 / slide`, as `/state` shows them), else those with that name
 * (`slide`: every repeat of it). Throws a 400 ControlError naming the labels when there is none.
 */
export function phasesMeant(phases: readonly Phase[], wanted: unknown): Phase[] {
  let meant: Phase[] = [];
  if (typeof wanted === 'number') {
    const p = Number.isInteger(wanted) ? phases[wanted] : undefined;
    meant = p ? [p] : [];
  } else if (typeof wanted === 'string') {
    meant = phases.filter((p) => p.label === wanted);
    if (meant.length === 0) meant = phases.filter((p) => p.name === wanted);
  }
  if (meant.length === 0) throw new ControlError(400, refusal(phases, wanted));
  return meant;
}

/**
 * Where a `/jump` to `wanted` goes from `offset` ms into the run: the earliest start at or after
 * `offset` among the phases meant (on a looping timeline of `cycle` ms, in this cycle or the next).
 * When a timeline that does not loop has passed them all, `restart` is true and `at` is the first
 * of them, counted from the start.
 */
export function jumpTarget(phases: readonly Phase[], cycle: number, offset: number, wanted: unknown): { at: number; restart: boolean } {
  const meant = phasesMeant(phases, wanted);
  const looping = Number.isFinite(cycle) && cycle > 0;
  const base = looping ? Math.floor(offset / cycle) * cycle : 0;
  const ahead = meant.map((p) => base + p.start + (looping && base + p.start < offset ? cycle : 0)).filter((at) => at >= offset);
  if (ahead.length > 0) return { at: Math.min(...ahead), restart: false };
  return { at: Math.min(...meant.map((p) => p.start)), restart: true };
}

/** Says that no phase is `wanted`, with a likely correction and the labels to choose from. */
function refusal(phases: readonly Phase[], wanted: unknown): string {
  const labels = [...new Set(phases.map((p) => p.label))];
  const hint = typeof wanted === 'string' && wanted.length <= SUGGESTED_UP_TO ? suggest(wanted, [...labels, ...phases.map((p) => p.name)]) : undefined;
  const listed = labels.length > LISTED
    ? `${labels.slice(0, LISTED).join(', ')}, … and ${labels.length - LISTED} more; GET /__chaos/state lists them all`
    : labels.join(', ');
  const shown = typeof wanted === 'string' && wanted.length > SUGGESTED_UP_TO ? `${JSON.stringify(wanted.slice(0, SUGGESTED_UP_TO))}…` : JSON.stringify(wanted);
  return `phase: no phase ${shown}${hint !== undefined ? `; did you mean ${JSON.stringify(hint)}?` : ''} (phases: ${listed})`;
}
