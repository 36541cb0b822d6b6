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

/**
 * @typedef {{ pair: string, from: number, to: number, points: [number, number][],
 *   orders: { id: string, account: string, side: string, type: string, price: number | null, volume: number, status: string, openedAt: number, closedAt: number | null }[],
 *   fills: { id: string, orderId: string, account: string, side: string, price: number, volume: number, time: number }[] }} PriceChart
 */

/** A price with as many decimals as its size needs. @param {number} p */
export function priceText(p) {
  const a = Math.abs(p);
  return p.toFixed(a >= 1000 ? 1 : a >= 1 ? 2 : a >= 0.01 ? 4 : 6);
}

/**
 * The price chart: the pair's price line, each order as a triangle where it was placed (▲ buy,
 * ▼ sell) with a line for as long as it rested, each fill as a dot. SVG markup, viewBox w×h.
 * @param {PriceChart} c @param {number} [w] @param {number} [h]
 */
export function priceChartSvg(c, w = 640, h = 220) {
  const pad = { l: 64, r: 8, t: 8, b: 20 };
  const prices = [...c.points.map((p) => p[1]), ...c.fills.map((f) => f.price), ...c.orders.flatMap((o) => (o.price === null ? [] : [o.price]))];
  if (prices.length === 0) return `<svg viewBox="0 0 ${w} ${h}" class="chart-svg"><text x="${w / 2}" y="${h / 2}" class="axis" text-anchor="middle">no prices yet</text></svg>`;
  let lo = Math.min(...prices);
  let hi = Math.max(...prices);
  if (hi - lo < hi * 1e-6) { lo -= hi * 0.001 || 1; hi += hi * 0.001 || 1; }
  const span = Math.max(1, c.to - c.from);
  const x = (/** @type {number} */ t) => pad.l + ((Math.min(Math.max(t, c.from), c.to) - c.from) / span) * (w - pad.l - pad.r);
  const y = (/** @type {number} */ p) => pad.t + (1 - (p - lo) / (hi - lo)) * (h - pad.t - pad.b);
  const line = c.points.map(([t, p]) => `${x(t).toFixed(1)},${y(p).toFixed(1)}`).join(' ');
  const orders = c.orders.filter((o) => o.price !== null).map((o) => {
    const px = x(o.openedAt);
    const py = y(/** @type {number} */ (o.price));
    const end = x(o.closedAt ?? c.to);
    const tri = o.side === 'buy' ? `${px - 5},${py + 5} ${px + 5},${py + 5} ${px},${py - 4}` : `${px - 5},${py - 5} ${px + 5},${py - 5} ${px},${py + 4}`;
    return `<g class="order ${esc(o.side)} ${esc(o.status)}"><title>${esc(`${o.side} ${o.volume} @ ${o.price} (${o.type}, ${o.status}) ${o.id} · ${o.account}`)}</title>`
      + `<line x1="${px.toFixed(1)}" y1="${py.toFixed(1)}" x2="${end.toFixed(1)}" y2="${py.toFixed(1)}" /><polygon points="${tri}" /></g>`;
  }).join('');
  const fills = c.fills.map((f) => `<circle class="fill ${esc(f.side)}" cx="${x(f.time).toFixed(1)}" cy="${y(f.price).toFixed(1)}" r="3.5"><title>${esc(`fill ${f.side} ${f.volume} @ ${f.price} · order ${f.orderId} · ${f.account}`)}</title></circle>`).join('');
  const axis = [hi, (hi + lo) / 2, lo].map((p) => `<text class="axis" x="${pad.l - 4}" y="${(y(p) + 4).toFixed(1)}" text-anchor="end">${esc(priceText(p))}</text>`).join('');
  const times = `<text class="axis" x="${pad.l}" y="${h - 4}">${esc(new Date(c.from).toISOString().slice(11, 19))}</text>`
    + `<text class="axis" x="${w - pad.r}" y="${h - 4}" text-anchor="end">${esc(new Date(c.to).toISOString().slice(11, 19))}</text>`;
  return `<svg viewBox="0 0 ${w} ${h}" class="chart-svg">${axis}${times}`
    + `<polyline class="price" points="${line}" />${orders}${fills}</svg>`;
}

/** CSS class of a journal outcome (colour in the log). @param {string} outcome */
export const outcomeClass = (outcome) => `o-${/^[a-z]+$/.test(outcome) ? outcome : 'other'}`;
