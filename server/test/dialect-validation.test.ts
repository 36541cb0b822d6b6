import { describe, expect, it } from 'vitest';
import type { Dialect } from '../src/api/dialect.js';
import { DEFAULT_DIALECT, dialectNamed } from '../src/api/dialects.js';
import { crossFieldProblems } from '../src/scenario/validate.js';
import { scenarioSchema } from '../src/scenario/schema.js';

/** A made-up dialect with one REST route, one channel and one request. */
const OTHER: Dialect = { name: 'other', title: 'Other', routes: [{ id: 'placeOrder', visibility: 'private' }], wsChannels: ['depth'], wsEndpoints: [], wsRequests: ['SUBSCRIBE'], pairAliases: new Map(), assetAliases: new Map() };

const scenario = scenarioSchema.parse({
  name: 'x',
  timeline: [{ name: 'p', faults: [
    { match: { route: 'AddOrder' }, effect: { kind: 'status', status: 502 } },
    { match: { route: 'placeOrder' }, effect: { kind: 'status', status: 502 } },
    { match: { channel: 'book' }, effect: { kind: 'drop-message' } },
  ] }],
});

describe('the loader checks fault names against the dialect it is given', () => {
  it('Kraken by default: AddOrder and book are known, placeOrder is not', () => {
    expect(dialectNamed(DEFAULT_DIALECT)?.title).toBe('Kraken');
    expect(crossFieldProblems(scenario).map((p) => p.message)).toEqual(['"placeOrder" matches no Kraken method']);
  });

  it('another dialect\'s names, and its title in the message', () => {
    expect(crossFieldProblems(scenario, undefined, OTHER).map((p) => p.message)).toEqual([
      '"AddOrder" matches no Other method', '"book" matches no WebSocket channel (depth)',
    ]);
  });

  it('no dialect by an unknown name', () => {
    expect([dialectNamed('bitstamp'), dialectNamed('constructor')]).toEqual([undefined, undefined]);
  });
});
