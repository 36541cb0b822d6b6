import { beforeAll, describe, expect, it } from 'vitest';
import { testExchange, type TestExchange } from './kraken-client.js';

// Regression: OpenPositions answered `EGeneral:Unknown method`; a spot-only Kraken account gets an empty result.
describe('OpenPositions on a spot-only account', () => {
  let t: TestExchange;
  beforeAll(async () => {
    t = await testExchange();
  });

  it('answers an empty object keyed by position id, with or without docalcs and txid', async () => {
    expect(await t.client.post('OpenPositions')).toEqual({ error: [], result: {} });
    expect(await t.client.post('OpenPositions', { docalcs: true, txid: 'TF5GVO-T7ZZ2-6NBKBI' })).toEqual({ error: [], result: {} });
  });

  it('answers an empty list when consolidated by market (the shape ccxt asks for)', async () => {
    expect(await t.client.post('OpenPositions', { docalcs: 'true', consolidation: 'market' })).toEqual({ error: [], result: [] });
  });

  it('refuses a consolidation other than market and a malformed docalcs', async () => {
    expect((await t.client.post('OpenPositions', { consolidation: 'pair' })).error).toEqual(['EGeneral:Invalid arguments:consolidation']);
    expect((await t.client.post('OpenPositions', { docalcs: 'maybe' })).error).toEqual(['EGeneral:Invalid arguments:docalcs']);
  });
});
