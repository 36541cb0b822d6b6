import fc from 'fast-check';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../src/api/kraken/rest/routes/index.js';
import { MAX_NONCE, sign } from '../src/api/kraken/rest/auth.js';
import { MAX_BODY_BYTES } from '../src/api/kraken/rest/handler.js';
import { auditExchange } from '../src/control/audit.js';
import { testExchange, type TestExchange } from './kraken-client.js';
import { fuzzRuns, fuzzTimeout } from './fuzz-scale.js';

/** Field names Kraken methods read, so random bodies hit real argument parsing, not just unknown keys. */
const FIELDS = [
  'pair', 'type', 'ordertype', 'price', 'price2', 'volume', 'oflags', 'timeinforce', 'starttm', 'expiretm', 'userref', 'cl_ord_id',
  'validate', 'txid', 'orders', 'cl_ord_ids', 'timeout', 'asset', 'key', 'amount', 'refid', 'method', 'new', 'start', 'end', 'ofs',
  'count', 'since', 'interval', 'info', 'trades', 'order_qty', 'limit_price', 'trigger_price', 'post_only', 'leverage', 'max_fee',
  'address', 'cursor', 'limit', 'id', 'type', 'closetime', 'aclass', 'otp', '__proto__', 'constructor',
];

const nasty = fc.oneof(
  fc.string(), fc.constantFrom('XBTUSD', 'XXBTZUSD', 'buy', 'sell', 'limit', 'market', 'stop-loss', 'post', 'GTD', '+60', 'XBT', 'btc-wallet-1'),
  fc.constantFrom('-1', '0', '1e309', 'NaN', '99999999999999999999999999999999', '0.000000000000000000001', '1.5', '50000.0', '0.01', ''),
  fc.integer().map(String), fc.double().map(String),
);
const value = fc.oneof(nasty, fc.integer(), fc.boolean(), fc.constant(null), fc.array(nasty, { maxLength: 4 }),
  fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 4 }));
const argsArb = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 });

function expectKrakenReply(res: { status: number; body: unknown; text: string }): void {
  expect(res.status).toBe(200);
  const body = res.body as { error?: unknown; result?: unknown };
  expect(Array.isArray(body.error)).toBe(true);
  for (const e of body.error as unknown[]) expect(e).toMatch(/^[EW][A-Za-z]+:/);
  if ((body.error as unknown[]).length > 0) expect('result' in body).toBe(false);
}

describe('bad input never crashes, never half-applies', () => {
  let t: TestExchange;
  beforeAll(async () => {
    t = await testExchange();
    t.clock.advance(10_000);
  });

  it('every route answers random arguments (form and JSON, signed) with a Kraken envelope', async () => {
    const routes = ROUTES.map((r) => r);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), argsArb, fc.boolean(), async (route, args, json) => {
        if (route.visibility === 'public') {
          const query = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]));
          expectKrakenReply(await request(t.app).get(`/0/public/${route.id}`).query(query));
          const res = await request(t.app).post(`/0/public/${route.id}`).set('Content-Type', json ? 'application/json' : 'application/x-www-form-urlencoded')
            .send(json ? JSON.stringify(args) : new URLSearchParams(query).toString());
          expectKrakenReply(res);
        } else {
          const flat = json ? args : Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : v]));
          delete (flat as Record<string, unknown>).nonce;
          expectKrakenReply(await t.client.raw(route.id, flat, { json }));
        }
        t.clock.advance(1_000);
      }),
      { numRuns: fuzzRuns(400), seed: 1234 },
    );
    expect(auditExchange(t.exchange)).toEqual([]);
  }, fuzzTimeout());

  it('random raw bodies, content types and headers get a Kraken error, not a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/0/private/AddOrder', '/0/private/Balance', '/0/public/Ticker', '/0/private/CancelOrderBatch'),
        fc.oneof(fc.string(), fc.json(), fc.constantFrom('{', '{"nonce":', '[1,2]', 'null', '"x"', '%%%', 'nonce=1&nonce=2', '\u0000\u0001')),
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream'),
        fc.oneof(fc.string({ maxLength: 100 }), fc.constant('')),
        async (path, body, type, header) => {
          const res = await request(t.app).post(path).set('Content-Type', type).set('API-Key', header.replace(/[^\x20-\x7e]/g, '') || 'k')
            .set('API-Sign', 'x').send(body);
          expectKrakenReply(res);
        },
      ),
      { numRuns: fuzzRuns(300), seed: 99 },
    );
  }, fuzzTimeout());

  it('random raw query strings on public GET routes get a Kraken envelope', async () => {
    const piece = fc.oneof(
      fc.constantFrom('pair=', 'XBTUSD', 'XXBTZUSD,XETHZUSD', 'count=', 'since=', 'interval=', 'asset=', 'info=', '&', '=', '%', '%ZZ', '%00',
        '%E2%82', '%F0%9F%92%A9', '+', '[]', '[0]', '__proto__', '-1', '1e309', '99999999999999999999', ',', 'pair=XBTUSD&pair=ETHUSD'),
      fc.string({ unit: fc.constantFrom(...'aZ09-._~!$()*,;:@/?'), maxLength: 8 }),
    );
    const ids = ROUTES.filter((r) => r.visibility === 'public').map((r) => r.id);
    await fc.assert(fc.asyncProperty(fc.constantFrom(...ids), fc.array(piece, { maxLength: 12 }), async (id, parts) => {
      expectKrakenReply(await request(t.app).get(`/0/public/${id}?${parts.join('')}`));
    }), { numRuns: fuzzRuns(200), seed: 4242 });
  }, fuzzTimeout());

  it('random nonces: malformed, negative, over 2^63 - 1, repeated or going back are EAPI:Invalid nonce; larger ones pass', async () => {
    const n = await testExchange();
    const account = [...n.exchange.accounts.values()][0]!;
    // A nonce as written, or one relative to the highest the server has seen (0 = a repeat).
    const nonce = fc.oneof(
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((v) => ({ exact: String(v) })),
      fc.bigInt({ min: -3n, max: 3n }).map((d) => ({ afterLast: d })),
      fc.oneof(fc.string({ maxLength: 24 }), fc.constantFrom('', '1.5', '1e10', ' 1', '0x10', '+7', '7}', '12,3', '18446744073709551616', '00000000000000000001')).map((v) => ({ exact: v })),
    );
    await fc.assert(fc.asyncProperty(nonce, fc.boolean(), async (given, json) => {
      const raw = 'exact' in given ? given.exact : String(account.lastNonce + given.afterLast);
      const valid = /^\d{1,20}$/.test(raw) && BigInt(raw) <= MAX_NONCE && BigInt(raw) > account.lastNonce;
      const res = await n.client.raw('Balance', {}, { nonce: raw, json });
      expectKrakenReply(res);
      expect(res.body.error).toEqual(valid ? [] : ['EAPI:Invalid nonce']);
    }), { numRuns: fuzzRuns(150), seed: 31 });
  }, fuzzTimeout());

  it('random API keys and signatures: an unknown key is EAPI:Invalid key, a signature that decodes wrong EAPI:Invalid signature', async () => {
    const n = await testExchange();
    const { key, secret } = [...n.exchange.accounts.values()][0]!.spec;
    const printable = fc.string({ unit: 'grapheme-ascii', maxLength: 90 }).map((v) => v.trim());
    const keyArb = fc.oneof(fc.constant(key), printable, fc.constant(key.slice(1)), fc.constant(`${key}x`));
    const signArb = fc.oneof(fc.constant('right'), fc.base64String({ maxLength: 100 }), printable, fc.constant(''),
      fc.nat(87).map((i) => `flip-${i}`), fc.constant('truncate'));
    let nonce = 5_000_000;
    await fc.assert(fc.asyncProperty(keyArb, signArb, async (apiKey, how) => {
      const path = '/0/private/Balance';
      const right = sign(path, String(++nonce), `nonce=${nonce}`, secret);
      const given = how === 'right' ? right : how === 'truncate' ? right.slice(0, 40)
        : how.startsWith('flip-') ? ((i) => right.slice(0, i) + (right[i] === 'A' ? 'B' : 'A') + right.slice(i + 1))(Number(how.slice(5))) : how;
      const res = await n.client.raw('Balance', {}, { nonce, key: apiKey, sign: given });
      const expected = apiKey !== key ? ['EAPI:Invalid key'] : Buffer.from(given, 'base64').equals(Buffer.from(right, 'base64')) ? [] : ['EAPI:Invalid signature'];
      expectKrakenReply(res);
      expect(res.body.error).toEqual(expected);
    }), { numRuns: fuzzRuns(150), seed: 57 });
  }, fuzzTimeout());

  it('an oversized body is refused with a Kraken error', async () => {
    const big = 'a=' + 'x'.repeat(MAX_BODY_BYTES + 10);
    const res = await request(t.app).post('/0/public/Time').type('form').send(big);
    expectKrakenReply(res);
    expect(res.body.error).toEqual(['EGeneral:Invalid arguments:body too large']);
  });

  it('malformed JSON, non-object JSON and huge numbers are argument errors', async () => {
    const post = (body: string) => request(t.app).post('/0/public/Depth').set('Content-Type', 'application/json').send(body);
    expect((await post('{"pair":')).body.error).toEqual(['EGeneral:Invalid arguments:body is not valid JSON']);
    expect((await post('[1]')).body.error).toEqual(['EGeneral:Invalid arguments:body must be a JSON object']);
    expect((await post('{"pair":"XBTUSD","count":1e400}')).body.error).toEqual(['EGeneral:Invalid arguments:count']);
    const huge = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1' + '0'.repeat(40), volume: '1' });
    expect(huge.error).toEqual(['EGeneral:Invalid arguments:price']);
    const hugeVol = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '9'.repeat(25) });
    expect(hugeVol.error).toEqual(['EGeneral:Invalid arguments:volume']);
  });

  it('a field named __proto__ is just an unknown field', async () => {
    const res = await request(t.app).post('/0/public/Ticker').set('Content-Type', 'application/json').send('{"__proto__":{"pair":"XBTUSD"},"pair":"ETHUSD"}');
    expect(Object.keys(res.body.result)).toEqual(['XETHZUSD']);
    expect(({} as Record<string, unknown>).pair).toBeUndefined();
  });
});
