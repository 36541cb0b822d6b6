import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../src/api/kraken/rest/routes/index.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { auditExchange } from '../src/control/audit.js';
import { testExchange } from './kraken-client.js';
import { fuzzRuns, fuzzTimeout } from './fuzz-scale.js';

/** Effects that finish without waiting on the clock (latency, hang and dribble wait by design). */
const effect = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(403, 429, 500, 502, 503, 504, 520, 522, 524, 525) }),
  fc.record({ kind: fc.constant('error' as const), error: fc.constantFrom('EService:Unavailable', 'EService:Busy', 'EGeneral:Internal error') }),
  fc.record({ kind: fc.constant('empty' as const), body: fc.constantFrom('nothing' as const, 'empty-object' as const, 'empty-result' as const) }),
  fc.record({ kind: fc.constant('truncate' as const) }),
  fc.record({ kind: fc.constant('reset' as const) }),
  fc.record({ kind: fc.constant('ambiguous' as const), then: fc.constantFrom('502' as const, 'reset' as const) }),
);
const rule = fc.record({
  match: fc.record({ route: fc.constantFrom('*', 'private/*', 'public/*', 'AddOrder', 'Cancel*', 'Withdraw', 'Balance') }),
  probability: fc.double({ min: 0, max: 1, noNaN: true }),
  effect,
});
const call = fc.record({
  route: fc.constantFrom(...ROUTES.filter((r) => r.visibility === 'private').map((r) => r.id)),
  params: fc.constantFrom(
    { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '40000.0', volume: '0.01' },
    { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.01' },
    { asset: 'XBT', key: 'btc-wallet-1', amount: '0.01' },
    { txid: 'OAAAAA-AAAAA-AAAAAA' },
    {},
  ),
});

describe('faults never crash the server or corrupt state', () => {
  it('random rule sets against random calls: every reply is the scripted failure or a Kraken reply; the ledger audits clean', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rule, { minLength: 1, maxLength: 4 }), fc.array(call, { minLength: 5, maxLength: 25 }), async (faults, calls) => {
        const scenario: ScenarioInput = { name: 'fuzz', market: { pairs: { 'XBT/USD': { price: 50000 } } }, timeline: [{ name: 'chaos', faults }] };
        const t = await testExchange({ scenario });
        for (const c of calls) {
          const res = await t.client.raw(c.route, c.params).then((r) => r, (e: NodeJS.ErrnoException) => ({ status: 0, text: '', code: e.code }));
          if (res.status === 0) expect((res as { code?: string }).code).toMatch(/ECONNRESET|socket hang up|HPE_|ERR_/);
          else if (res.status === 200 && res.text.startsWith('{"error":')) expect(() => JSON.parse(res.text)).not.toThrow();
          else expect([200, 403, 429, 500, 502, 503, 504, 520, 522, 524, 525]).toContain(res.status);
          t.clock.advance(1_000);
        }
        expect(auditExchange(t.exchange)).toEqual([]);
      }),
      { numRuns: fuzzRuns(40), seed: 77 },
    );
  }, fuzzTimeout());
});
