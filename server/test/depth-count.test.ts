import { beforeAll, describe, expect, it } from 'vitest';
import { testExchange, type TestExchange } from './kraken-client.js';

type Side = [string, string, number][];

// Regression: Depth gave at most 100 levels a side (the synthetic book's depth) while Kraken serves `count` up to 500.
describe('Depth count', () => {
  let t: TestExchange;
  beforeAll(async () => {
    t = await testExchange();
    t.clock.advance(30_000);
  });

  const strictly = (side: Side, cmp: (a: number, b: number) => boolean): boolean =>
    side.every((l, i) => i === 0 || cmp(Number(l[0]), Number(side[i - 1]![0])));

  it('count=500 gives 500 levels a side, asks ascending and bids descending, every price distinct', async () => {
    for (const pair of ['XBTUSD', 'ETHUSD', 'XDGUSD', 'ETHXBT']) {
      const r = await t.client.get('Depth', { pair, count: 500 });
      const { asks, bids } = Object.values(r.result)[0] as { asks: Side; bids: Side };
      expect(asks).toHaveLength(500);
      expect(bids).toHaveLength(500);
      expect(strictly(asks, (a, b) => a > b)).toBe(true);
      expect(strictly(bids, (a, b) => a < b)).toBe(true);
      expect(Number(bids[0]![0])).toBeLessThan(Number(asks[0]![0]));
      expect(bids.every((l) => Number(l[0]) > 0 && Number(l[1]) > 0)).toBe(true);
    }
  });

  it('count above 500 is served as 500; the default stays 100', async () => {
    expect((await t.client.get('Depth', { pair: 'XBTUSD', count: 5000 })).result.XXBTZUSD.asks).toHaveLength(500);
    expect((await t.client.get('Depth', { pair: 'XBTUSD' })).result.XXBTZUSD.bids).toHaveLength(100);
  });

  it('the deep book survives trading: still 500 a side after ten simulated minutes', async () => {
    t.clock.advance(600_000);
    const r = await t.client.get('Depth', { pair: 'XBTUSD', count: 500 });
    expect(r.result.XXBTZUSD.asks).toHaveLength(500);
    expect(r.result.XXBTZUSD.bids).toHaveLength(500);
  });
});
