import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { TestClient, testExchange, type TestExchange } from './kraken-client.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';

describe('private REST authentication', () => {
  let t: TestExchange;
  let windowed: TestClient;
  let twoFactor: TestClient;
  let readOnly: TestClient;
  beforeAll(async () => {
    t = await testExchange({
      scenario: {
        name: 'auth',
        accounts: [
          { name: 'alice', key: 'alice-key-0001', secret: SECRET, balances: { USD: '1000', XBT: '0.5' }, feeTier: 0, tier: 'intermediate', nonceWindow: 0 },
          { name: 'bob', key: 'bob-key-000001', secret: SECRET, feeTier: 0, tier: 'pro', nonceWindow: 1000 },
          { name: 'carol', key: 'carol-key-0001', secret: SECRET, feeTier: 0, tier: 'starter', nonceWindow: 0, otp: 'hunter2' },
          { name: 'dave', key: 'dave-key-00001', secret: SECRET, feeTier: 0, tier: 'starter', nonceWindow: 0, permissions: ['query'] },
        ],
      },
    });
    windowed = new TestClient(t.app, 'bob-key-000001', SECRET);
    twoFactor = new TestClient(t.app, 'carol-key-0001', SECRET);
    readOnly = new TestClient(t.app, 'dave-key-00001', SECRET);
  });

  it('accepts a correctly signed form body and returns the declared balances', async () => {
    const client = new TestClient(t.app, 'alice-key-0001', SECRET);
    expect(await client.post('Balance')).toEqual({ error: [], result: { ZUSD: '1000.0000', XXBT: '0.5000000000' } });
  });

  it('accepts a signed JSON body with a string nonce (as ccxt sends batches)', async () => {
    const client = new TestClient(t.app, 'alice-key-0001', SECRET);
    client.nonce = 5_000_000;
    expect((await client.post('Balance', {}, { json: true })).result.ZUSD).toBe('1000.0000');
  });

  it('rejects an unknown or missing key with EAPI:Invalid key', async () => {
    const client = new TestClient(t.app, 'no-such-key', SECRET);
    expect(await client.post('Balance')).toEqual({ error: ['EAPI:Invalid key'] });
    const res = await request(t.app).post('/0/private/Balance').type('form').send('nonce=1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ error: ['EAPI:Invalid key'] });
  });

  it('rejects a wrong secret, a tampered body and a garbage signature with EAPI:Invalid signature', async () => {
    const client = new TestClient(t.app, 'alice-key-0001', SECRET);
    const otherSecret = Buffer.alloc(64, 1).toString('base64');
    expect(await client.post('Balance', {}, { secret: otherSecret })).toEqual({ error: ['EAPI:Invalid signature'] });
    expect(await client.post('Balance', {}, { sign: 'not base64 at all!' })).toEqual({ error: ['EAPI:Invalid signature'] });
    const res = await request(t.app).post('/0/private/Balance').set('API-Key', 'alice-key-0001').set('API-Sign', 'AAAA').type('form').send('nonce=99999999');
    expect(res.body).toEqual({ error: ['EAPI:Invalid signature'] });
  });

  it('requires strictly increasing nonces per key; a missing nonce is EAPI:Invalid nonce', async () => {
    const client = new TestClient(t.app, 'alice-key-0001', SECRET);
    client.nonce = 9_000_000;
    expect((await client.post('Balance')).error).toEqual([]);
    expect(await client.post('Balance', {}, { nonce: 9_000_001 })).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect(await client.post('Balance', {}, { nonce: 8_000_000 })).toEqual({ error: ['EAPI:Invalid nonce'] });
    const res = await request(t.app).post('/0/private/Balance').set('API-Key', 'alice-key-0001').set('API-Sign', 'AAAA').type('form').send('x=1');
    expect(res.body).toEqual({ error: ['EAPI:Invalid nonce'] });
  });

  it('tolerates a late nonce within the account\'s nonce window, never a repeat', async () => {
    expect((await windowed.post('Balance', {}, { nonce: 10_000 })).error).toEqual([]);
    expect((await windowed.post('Balance', {}, { nonce: 9_500 })).error).toEqual([]);
    expect(await windowed.post('Balance', {}, { nonce: 10_000 })).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect(await windowed.post('Balance', {}, { nonce: 8_999 })).toEqual({ error: ['EAPI:Invalid nonce'] });
  });

  it('requires the two-factor password when the account has one', async () => {
    expect(await twoFactor.post('Balance')).toEqual({ error: ['EGeneral:Permission denied'] });
    expect(await twoFactor.post('Balance', { otp: 'wrong' })).toEqual({ error: ['EAPI:Invalid key'] });
    expect((await twoFactor.post('Balance', { otp: 'hunter2' })).error).toEqual([]);
  });

  it('enforces key permissions with EGeneral:Permission denied', async () => {
    expect((await readOnly.post('Balance')).error).toEqual([]);
    expect(await readOnly.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000', volume: '0.01' }))
      .toEqual({ error: ['EGeneral:Permission denied'] });
    expect(await readOnly.post('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.1' })).toEqual({ error: ['EGeneral:Permission denied'] });
  });

  it('GetWebSocketsToken issues a token valid for 900 s, distinct per call', async () => {
    const client = new TestClient(t.app, 'alice-key-0001', SECRET);
    client.nonce = 20_000_000;
    const a = await client.post('GetWebSocketsToken');
    const b = await client.post('GetWebSocketsToken');
    expect(a.result).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9+/]{40,}$/), expires: 900 });
    expect(b.result.token).not.toBe(a.result.token);
    expect(t.exchange.tokens.get(a.result.token)).toEqual({ account: 'alice', expiresAt: t.clock.now() + 900_000 });
  });

  it('refuses GET on private methods and unknown private methods', async () => {
    expect((await request(t.app).get('/0/private/Balance')).body).toEqual({ error: ['EAPI:Bad request'] });
    const client = new TestClient(t.app, 'alice-key-0001', SECRET);
    expect(await client.post('NoSuchMethod')).toEqual({ error: ['EGeneral:Unknown method'] });
  });
});
