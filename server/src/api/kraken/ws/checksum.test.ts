import { describe, expect, it } from 'vitest';
import { bookChecksum } from './checksum.js';

// The example snapshot from Kraken's "Book checksum (WebSocket v2)" documentation (BTC/USD,
// price precision 1, quantity precision 8) and the checksum Kraken publishes for it.
const lv = (price: string, qty: string) => ({ price, qty });
const asks = [
  lv('45285.2', '0.00100000'), lv('45286.4', '1.54571953'), lv('45286.6', '1.54571109'), lv('45289.6', '1.54560911'),
  lv('45290.2', '0.15890660'), lv('45291.8', '1.54553491'), lv('45294.7', '0.04454749'), lv('45296.1', '0.35380000'),
  lv('45297.5', '0.09945542'), lv('45299.5', '0.18772827'),
];
const bids = [
  lv('45283.5', '0.10000000'), lv('45283.4', '1.54582015'), lv('45282.1', '0.10000000'), lv('45281.0', '0.10000000'),
  lv('45280.3', '1.54592586'), lv('45279.0', '0.07990000'), lv('45277.6', '0.03310103'), lv('45277.5', '0.30000000'),
  lv('45277.3', '1.54602737'), lv('45276.6', '0.15445238'),
];

describe('book checksum', () => {
  it("matches Kraken's published example (3310070434)", () => {
    expect(bookChecksum(asks, bids)).toBe(3310070434);
  });

  it('depends on full precision: float-formatted quantities give another checksum', () => {
    const trimmed = (ls: typeof asks) => ls.map((l) => ({ price: String(Number(l.price)), qty: String(Number(l.qty)) }));
    expect(bookChecksum(trimmed(asks), trimmed(bids))).toBe(4237635173);
  });

  it('only the best ten levels of each side count', () => {
    const deeper = [...asks, lv('45300.0', '9.00000000')];
    expect(bookChecksum(deeper, bids)).toBe(3310070434);
  });
});
