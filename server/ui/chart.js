// @ts-check
// The dashboard's price chart: pure functions, data in and SVG markup out (no DOM), unit-tested in Node.
import { esc, offsetText } from './render.js';

/**
 * @typedef {{ id: string, account: string, side: string, type: string, price: number | null, volume: number, status: string, openedAt: number, closedAt: number | null }} ChartOrder
 * @typedef {{ pair: string, from: number, to: number, points: [number, number][], orders: ChartOrder[],
 *   fills: { id: string, orderId: string, account: string, side: string, price: number, volume: number, time: number }[] }} PriceChart
 */

/** Share of the range added above and below, so the line does not touch the plot's edges. */
const MARGIN = 0.05;
/** The least range an order counts as near in, as a share of the price (a flat price has no range of its own). */
const NEAR_FLOOR = 0.002;

/** A price with as many decimals as its size needs. @param {number} p */
export function priceText(p) {
  const a = Math.abs(p);
  return p.toFixed(a >= 1000 ? 1 : a >= 1 ? 2 : a >= 0.01 ? 4 : 6);
}

/**
 * The price axis's range: the price line and fills, widened to the orders near them (no farther
 * from the price than its own range, or NEAR_FLOOR of it), plus MARGIN. Orders farther away do
 * not stretch it: they are drawn at the edge. Undefined when there is no price at all.
 * @param {PriceChart} c @returns {{ lo: number, hi: number } | undefined}
 */
export function priceRange(c) {
  const priced = c.orders.flatMap((o) => (o.price === null ? [] : [o.price]));
  const base = [...c.points.map((p) => p[1]), ...c.fills.map((f) => f.price)];
  const seen = base.length > 0 ? base : priced;
  if (seen.length === 0) return undefined;
  let lo = Math.min(...seen);
  let hi = Math.max(...seen);
  const near = Math.max(hi - lo, Math.abs(hi) * NEAR_FLOOR);
  const nearOrders = priced.filter((p) => p >= lo - near && p <= hi + near);
  lo = Math.min(lo, ...nearOrders);
  hi = Math.max(hi, ...nearOrders);
  const margin = Math.max((hi - lo) * MARGIN, Math.abs(hi) * 1e-4) || 1;
  return { lo: lo - margin, hi: hi + margin };
}

/** `t+h:mm:ss` of simulated time `ms` in a run that began at `origin`, as the log writes it (whole seconds). @param {number} ms @param {number} origin */
const tPlus = (ms, origin) => offsetText(ms - origin).slice(0, -4);

/**
 * The price chart: the pair's price line, each order as a triangle where it was placed (▲ buy,
 * ▼ sell) with a line for as long as it rested, each fill as a dot; an order off the price axis
 * (see priceRange) as an arrow on the top or bottom edge labelled with its price. The time axis is
 * `t+` from `origin`, the run's start (ms), like the log. SVG markup, viewBox w×h.
 * @param {PriceChart} c @param {number} origin @param {number} [w] @param {number} [h]
 */
export function priceChartSvg(c, origin, w = 640, h = 220) {
  const pad = { l: 64, r: 8, t: 8, b: 20 };
  const range = priceRange(c);
  if (!range) return `<svg viewBox="0 0 ${w} ${h}" class="chart-svg"><text x="${w / 2}" y="${h / 2}" class="axis" text-anchor="middle">no prices yet</text></svg>`;
  const { lo, hi } = range;
  const span = Math.max(1, c.to - c.from);
  const x = (/** @type {number} */ t) => pad.l + ((Math.min(Math.max(t, c.from), c.to) - c.from) / span) * (w - pad.l - pad.r);
  const y = (/** @type {number} */ p) => pad.t + (1 - (Math.min(Math.max(p, lo), hi) - lo) / (hi - lo)) * (h - pad.t - pad.b);
  const line = c.points.map(([t, p]) => `${x(t).toFixed(1)},${y(p).toFixed(1)}`).join(' ');
  const orders = c.orders.map((o) => orderMark(o, x, y(o.price ?? lo), lo, hi, c.to, origin)).join('');
  const fills = c.fills.map((f) => `<circle class="fill ${esc(f.side)}" cx="${x(f.time).toFixed(1)}" cy="${y(f.price).toFixed(1)}" r="3.5"><title>${esc(`fill ${f.side} ${f.volume} @ ${f.price} at ${tPlus(f.time, origin)} · order ${f.orderId} · ${f.account}`)}</title></circle>`).join('');
  const axis = [hi, (hi + lo) / 2, lo].map((p) => `<text class="axis level" x="${pad.l - 4}" y="${(y(p) + 4).toFixed(1)}" text-anchor="end">${esc(priceText(p))}</text>`).join('');
  const times = [[c.from, 'start'], [(c.from + c.to) / 2, 'middle'], [c.to, 'end']]
    .map(([t, anchor]) => `<text class="axis time" x="${x(Number(t)).toFixed(1)}" y="${h - 4}" text-anchor="${anchor}">${esc(tPlus(Number(t), origin))}</text>`).join('');
  return `<svg viewBox="0 0 ${w} ${h}" class="chart-svg">${axis}${times}`
    + `<polyline class="price" points="${line}" />${orders}${fills}</svg>`;
}

/**
 * One order's mark at `py` (its price, or the edge it is beyond): a triangle and its resting line,
 * or for an order off the axis an arrow pointing off the plot and its price as a label.
 * @param {ChartOrder} o @param {(t: number) => number} x @param {number} py @param {number} lo @param {number} hi @param {number} to @param {number} origin
 */
function orderMark(o, x, py, lo, hi, to, origin) {
  if (o.price === null) return '';
  const px = x(o.openedAt);
  const title = `<title>${esc(`${o.side} ${o.volume} @ ${o.price} (${o.type}, ${o.status}) at ${tPlus(o.openedAt, origin)} ${o.id} · ${o.account}`)}</title>`;
  const edge = o.price > hi ? 'above' : o.price < lo ? 'below' : '';
  if (edge) {
    const back = edge === 'above' ? py + 8 : py - 8;
    const arrow = [[px - 5, back], [px + 5, back], [px, py]].map(([ax, ay]) => `${Number(ax).toFixed(1)},${Number(ay).toFixed(1)}`).join(' ');
    const ly = edge === 'above' ? py + 9 : py - 2;
    return `<g class="order ${esc(o.side)} ${esc(o.status)} far ${edge}">${title}<polygon points="${arrow}" />`
      + `<text class="edge" x="${(px + 8).toFixed(1)}" y="${ly.toFixed(1)}">${esc(priceText(o.price))}</text></g>`;
  }
  const end = x(o.closedAt ?? to);
  const tri = o.side === 'buy' ? `${px - 5},${py + 5} ${px + 5},${py + 5} ${px},${py - 4}` : `${px - 5},${py - 5} ${px + 5},${py - 5} ${px},${py + 4}`;
  return `<g class="order ${esc(o.side)} ${esc(o.status)}">${title}`
    + `<line x1="${px.toFixed(1)}" y1="${py.toFixed(1)}" x2="${end.toFixed(1)}" y2="${py.toFixed(1)}" /><polygon points="${tri}" /></g>`;
}
