import { describe, expect, it } from 'vitest';
import { priceChartSvg, priceRange, priceText, type PriceChart } from '../ui/chart.js';
import { durationText, esc, markerAt, modeName, offsetText, OPEN_SHARE, outcomeClass, phaseBoxes, sparkline } from '../ui/render.js';

// The dashboard's drawing functions are plain modules with no DOM: their arithmetic is tested here,
// the page itself in real Chromium (dashboard-ui.test.ts).

const phase = (index: number, name: string, startMs: number, endMs: number | null) => ({ index, name, label: name, startMs, endMs, mode: 'online', faults: 0 });
const FINITE = [phase(0, 'calm', 0, 60_000), phase(1, 'down', 60_000, 180_000), phase(2, 'back', 180_000, 240_000)];
const OPEN = [phase(0, 'calm', 0, 60_000), phase(1, 'down', 60_000, 180_000), phase(2, 'end', 180_000, null)];

describe('dashboard drawing', () => {
  it('lays phases out to scale; an open-ended last phase gets a fixed tail', () => {
    expect(phaseBoxes(FINITE)).toEqual([
      { index: 0, left: 0, width: 0.25, open: false },
      { index: 1, left: 0.25, width: 0.5, open: false },
      { index: 2, left: 0.75, width: 0.25, open: false },
    ]);
    const boxes = phaseBoxes(OPEN);
    expect(boxes[1]!.width / boxes[0]!.width).toBeCloseTo(2, 9);
    expect(boxes[2]).toEqual({ index: 2, left: 1 - OPEN_SHARE, width: OPEN_SHARE, open: true });
    expect(boxes[1]!.left + boxes[1]!.width).toBeCloseTo(1 - OPEN_SHARE, 9);
  });

  it('puts the now marker where the clock is, to scale, and stops it at the end', () => {
    expect(markerAt(FINITE, 0)).toBe(0);
    expect(markerAt(FINITE, 120_000)).toBeCloseTo(0.5, 9);
    expect(markerAt(FINITE, 240_000)).toBe(1);
    expect(markerAt(FINITE, 10_000_000)).toBe(1);
    // In the open tail it creeps across over as long again as the finite timeline, then waits at the end.
    expect(markerAt(OPEN, 180_000)).toBeCloseTo(1 - OPEN_SHARE, 9);
    expect(markerAt(OPEN, 270_000)).toBeCloseTo(1 - OPEN_SHARE / 2, 9);
    expect(markerAt(OPEN, 10_000_000)).toBeCloseTo(1, 9);
  });

  it('draws a sparkline scaled to the largest value, flat at the bottom when idle', () => {
    expect(sparkline([0, 5, 10], 10, 'req', 100, 24)).toBe('<polyline class="req" points="0.0,23.0 50.0,12.0 100.0,1.0" />');
    expect(sparkline([0, 0], 0, 'err', 100, 24)).toBe('<polyline class="err" points="0.0,23.0 100.0,23.0" />');
    expect(sparkline([], 1, 'req')).toBe('');
  });

  it('draws the price line, orders as triangles with their resting life, fills as dots, all escaped', () => {
    const svg = priceChartSvg({
      pair: 'BTC/USD', from: 0, to: 100_000,
      points: [[0, 100], [50_000, 110], [100_000, 105]],
      orders: [{ id: 'O<1>', account: 'bot', side: 'buy', type: 'limit', price: 100, volume: 1, status: 'open', openedAt: 20_000, closedAt: null }],
      fills: [{ id: 'F1', orderId: 'O2', account: 'bot', side: 'sell', price: 110, volume: 0.5, time: 50_000 }],
    }, 0);
    expect(svg).toContain('<polyline class="price" points="64.0,');
    expect(svg.match(/<g class="order buy open">/g)).toHaveLength(1);
    expect(svg.match(/<circle class="fill sell"/g)).toHaveLength(1);
    expect(svg).toContain('O&#60;1&#62;');
    expect(svg).not.toContain('O<1>');
    // The open order's line runs to the chart's right edge (now): x2 = 640 - 8.
    expect(svg).toMatch(/<line x1="[\d.]+" y1="([\d.]+)" x2="632.0" y2="\1" \/>/);
    expect(priceChartSvg({ pair: 'X', from: 0, to: 1, points: [], orders: [], fills: [] }, 0)).toContain('no prices yet');
  });

  it('labels the time axis in t+ from the run\'s start, as the log does, never in wall-clock time', () => {
    const start = Date.UTC(2026, 0, 1, 13, 0, 0);
    const svg = priceChartSvg({ pair: 'BTC/USD', from: start + 60_000, to: start + 3 * 60_000, points: [[start + 60_000, 100], [start + 3 * 60_000, 101]], orders: [], fills: [] }, start);
    expect([...svg.matchAll(/<text class="axis time"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['t+0:01:00', 't+0:02:00', 't+0:03:00']);
    expect(svg).not.toContain('13:0');
  });

  it('scales the price axis to the price and orders near it; an order far away sits at the edge with its price, not squashing the line', () => {
    const order = (id: string, side: string, price: number) => ({ id, account: 'bot', side, type: 'limit', price, volume: 0.01, status: 'open', openedAt: 10_000, closedAt: null });
    const chart: PriceChart = {
      pair: 'BTC/USD', from: 0, to: 100_000,
      points: [[0, 50_000], [50_000, 50_100], [100_000, 50_050]],
      orders: [order('Onear', 'sell', 50_150), order('Ofar', 'buy', 45_000), order('Ohigh', 'sell', 60_000)],
      fills: [],
    };
    // The price's range and the near order (within the price's own range of it), plus 5 %: the far ones change nothing.
    const { lo, hi } = priceRange(chart)!;
    expect(lo).toBeCloseTo(50_000 - 7.5, 6);
    expect(hi).toBeCloseTo(50_150 + 7.5, 6);
    expect(priceRange({ ...chart, orders: [order('Onear', 'sell', 50_150)] })).toEqual({ lo, hi });
    const svg = priceChartSvg(chart, 0);
    expect(svg.match(/<g class="order [^"]*">/g)).toEqual(['<g class="order sell open">', '<g class="order buy open far below">', '<g class="order sell open far above">']);
    // Each far order: an arrow on the plot's edge (bottom 200 = 220 - 20, top 8) with its price as a label.
    expect(svg).toMatch(/<g class="order buy open far below">.*<polygon points="[^"]*,200\.0" \/><text class="edge" [^>]*>45000\.0<\/text><\/g>/);
    expect(svg).toMatch(/<g class="order sell open far above">.*<polygon points="[^"]*,8\.0" \/><text class="edge" [^>]*>60000\.0<\/text><\/g>/);
    // The price line spans most of the plot's height (8 to 200), not a sliver at its top.
    const ys = /<polyline class="price" points="([^"]*)"/.exec(svg)![1]!.split(' ').map((p) => Number(p.split(',')[1]));
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.5 * (200 - 8));
  });

  it('formats times, durations, prices, modes and outcome classes', () => {
    expect(offsetText(3_723_456)).toBe('t+1:02:03.456');
    expect(offsetText(-5)).toBe('t+0:00:00.000');
    expect([durationText(45_000), durationText(200_000), durationText(3_900_000)]).toEqual(['45s', '3m20s', '1h05m']);
    expect([priceText(95000.123), priceText(3.14159), priceText(0.123456), priceText(0.00012345)]).toEqual(['95000.1', '3.14', '0.1235', '0.000123']);
    expect([modeName('maintenance'), modeName({ global: 'cancel_only' }), modeName(undefined)]).toEqual(['maintenance', 'cancel_only', 'online']);
    expect([outcomeClass('fault'), outcomeClass('x y"')]).toEqual(['o-fault', 'o-other']);
    expect(esc('<a href="x">&\'</a>')).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;');
  });
});
