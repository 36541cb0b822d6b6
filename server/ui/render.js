// @ts-check
// Pure drawing functions of the dashboard: data in, markup out (no DOM), so they are unit-tested in Node.

/** Text made safe to put inside markup. @param {unknown} v */
export function esc(v) {
  return String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `t+h:mm:ss.mmm` from a run's start. @param {number} ms */
export function offsetText(ms) {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const milli = t % 1000;
  return `t+${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(milli).padStart(3, '0')}`;
}

/** A short duration: `45s`, `3m20s`, `1h05m`. @param {number} ms */
export function durationText(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * @typedef {{ index: number, name: string, label: string, startMs: number, endMs: number | null, mode: unknown, faults: number }} TimelinePhase
 * @typedef {{ index: number, left: number, width: number, open: boolean }} PhaseBox
 */

/** Share of the timeline's width an open-ended last phase takes (it has no length to scale). */
export const OPEN_SHARE = 0.1;

/**
 * Where each phase sits on the timeline, in fractions of its width: finite phases to scale, an
 * open-ended last one as a fixed tail.
 * @param {TimelinePhase[]} phases
 * @returns {PhaseBox[]}
 */
export function phaseBoxes(phases) {
  const finite = phases.filter((p) => p.endMs !== null);
  const total = Math.max(1, ...finite.map((p) => /** @type {number} */ (p.endMs)));
  const open = phases.length > finite.length;
  const scale = open ? 1 - OPEN_SHARE : 1;
  return phases.map((p) => p.endMs === null
    ? { index: p.index, left: scale, width: OPEN_SHARE, open: true }
    : { index: p.index, left: (p.startMs / total) * scale, width: ((p.endMs - p.startMs) / total) * scale, open: false });
}

/**
 * Where "now" is on the timeline, a fraction of its width: to scale inside finite phases; inside an
 * open-ended phase it creeps along the tail over as long again as the finite timeline.
 * @param {TimelinePhase[]} phases @param {number} offsetMs time since the cycle's start
 */
export function markerAt(phases, offsetMs) {
  const boxes = phaseBoxes(phases);
  for (let i = 0; i < phases.length; i++) {
    const p = /** @type {TimelinePhase} */ (phases[i]);
    const b = /** @type {PhaseBox} */ (boxes[i]);
    if (p.endMs === null) {
      const span = Math.max(1, p.startMs);
      return b.left + b.width * Math.min(1, Math.max(0, offsetMs - p.startMs) / span);
    }
    if (offsetMs < p.endMs) return b.left + b.width * Math.max(0, (offsetMs - p.startMs) / Math.max(1, p.endMs - p.startMs));
  }
  return 1;
}

/** The trading mode's name from a phase's declaration (`online`, or the global mode of a per-pair one). @param {unknown} mode */
export function modeName(mode) {
  if (typeof mode === 'string') return mode;
  if (mode && typeof mode === 'object' && 'global' in mode && typeof mode.global === 'string') return mode.global;
  return 'online';
}

/**
 * A sparkline as an SVG polyline over `values` (one per bucket), scaled to `max`.
 * @param {number[]} values @param {number} max @param {string} cls @param {number} [w] @param {number} [h]
 */
export function sparkline(values, max, cls, w = 100, h = 24) {
  if (values.length === 0) return '';
  const top = max > 0 ? max : 1;
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (Math.max(0, v) / top) * (h - 2)).toFixed(1)}`).join(' ');
  return `<polyline class="${esc(cls)}" points="${pts}" />`;
}

/** CSS class of a journal outcome (colour in the log). @param {string} outcome */
export const outcomeClass = (outcome) => `o-${/^[a-z]+$/.test(outcome) ? outcome : 'other'}`;
