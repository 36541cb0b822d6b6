import { describe, expect, it } from 'vitest';
import { envelope } from '../src/api/kraken/rest/handler.js';
import { JsonText, success } from '../src/api/kraken/rest/route.js';
import { testExchange } from './kraken-client.js';

// Depth reuses its last answer while the book's levels are unchanged; any change shows at once.

describe('Depth', () => {
  it('shows a change of the book at once, without the clock moving, and the same answer while nothing changed', async () => {
    const t = await testExchange({ seed: 4 });
    const depth = async () => (await t.client.get('Depth', { pair: 'XBTUSD', count: 10 })).result.XXBTZUSD as { asks: string[][]; bids: string[][] };
    const before = await depth();
    expect(await depth()).toEqual(before);
    // A bid between the best bid and the best ask becomes the new top of the book.
    const bestBid = Number(before.bids[0]![0]);
    const bestAsk = Number(before.asks[0]![0]);
    const price = ((bestBid + bestAsk) / 2).toFixed(1);
    expect(Number(price)).toBeGreaterThan(bestBid);
    const placed = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price, volume: '0.5', oflags: 'post' });
    expect(placed.error).toEqual([]);
    const after = await depth();
    expect(after.bids[0]!.slice(0, 2)).toEqual([Number(price).toFixed(5), '0.500']);
    expect(after.bids.slice(1)).toEqual(before.bids.slice(0, 9));
    // Cancelled: the book is as it was.
    expect((await t.client.post('CancelOrder', { txid: placed.result.txid[0] })).error).toEqual([]);
    expect(await depth()).toEqual(before);
  });

  it('keeps its answer as JSON text, which the envelope splices in as the same bytes JSON.stringify gives', () => {
    const result = { XXBTZUSD: { asks: [['95000.10000', '0.500', 1764000000]], bids: [['94999.90000', '1.250', 1764000000]] }, 'a"b': [1, null, 'é\n'] };
    const spliced = envelope(success(new JsonText(JSON.stringify(result))));
    expect(spliced.body).toBe(envelope(success(result)).body);
    expect(JSON.parse(spliced.body)).toEqual({ error: [], result });
  });
});
