import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { binanceHttpHandler } from '../src/api/binance/rest/http.js';
import { Params } from '../src/api/binance/rest/params.js';
import { signPayload, totalParams, verifySigned } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { Account } from '../src/exchange/account.js';
import type { Exchange } from '../src/exchange/exchange.js';

describe('Binance HMAC-SHA256 signing', () => {
  it('reproduces the documented example signature', () => {
    const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
    const payload = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    expect(signPayload(payload, secret)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
  });

  it('total params: raw query then raw body, no separator, signature dropped wherever it is', () => {
    expect(totalParams('symbol=X&signature=ab&timeInForce=GTC', 'quantity=1&signature=cd')).toBe('symbol=X&timeInForce=GTCquantity=1');
    expect(totalParams('', 'timestamp=1&a=%5B%22B%22%5D&signature=ff')).toBe('timestamp=1&a=%5B%22B%22%5D');
  });
});

describe('Binance signed requests', () => {
  let server: Server;
  let base: string;
  let exchange: Exchange;
  let clock: ManualClock;
  let account: Account;

  beforeAll(async () => {
    const made = await createExchange({ scenario: 'calm', clock: 'manual' });
    exchange = made.exchange;
    clock = made.clock as ManualClock;
    account = [...exchange.accounts.values()][0]!;
    server = createServer(binanceHttpHandler(exchange, clock));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** GET /api/v3/account signed in the query, as ccxt signs a GET (timestamp first, signature last). */
  const getAccount = async (opts: { timestamp?: number; recvWindow?: number; key?: string | null; secret?: string; tamper?: boolean } = {}) => {
    let query = `timestamp=${opts.timestamp ?? clock.now()}${opts.recvWindow !== undefined ? `&recvWindow=${opts.recvWindow}` : ''}`;
    const signature = signPayload(query, opts.secret ?? account.spec.secret);
    if (opts.tamper) query = query.replace(/timestamp=(\d+)/, (_, t) => `timestamp=${Number(t) - 1}`);
    const headers: Record<string, string> = opts.key === null ? {} : { 'X-MBX-APIKEY': opts.key ?? account.spec.key };
    const r = await fetch(`${base}/api/v3/account?${query}&signature=${signature}`, { headers });
    return { status: r.status, body: (await r.json()) as any };
  };

  it('a correctly signed request is answered with the account', async () => {
    const r = await getAccount();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accountType: 'SPOT', canTrade: true, permissions: ['SPOT'] });
    const usd = r.body.balances.find((b: any) => b.asset === 'USD');
    expect(usd.free).toMatch(/^\d+\.\d{8}$/);
    expect(usd.locked).toBe('0.00000000');
    expect(r.body.commissionRates.maker).toMatch(/^0\.\d{8}$/);
  });

  it('upper-case hex is accepted (HMAC signatures are case-insensitive)', async () => {
    const query = `timestamp=${clock.now()}`;
    const r = await fetch(`${base}/api/v3/account?${query}&signature=${signPayload(query, account.spec.secret).toUpperCase()}`, { headers: { 'X-MBX-APIKEY': account.spec.key } });
    expect(r.status).toBe(200);
  });

  it('a tampered request gets -1022', async () => {
    expect(await getAccount({ tamper: true })).toEqual({ status: 400, body: { code: -1022, msg: 'Signature for this request is not valid.' } });
    expect((await getAccount({ secret: 'not-the-secret' })).body.code).toBe(-1022);
  });

  it('an old timestamp gets -1021 outside recvWindow (default 5000), and passes inside a wider one', async () => {
    const old = { status: 400, body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } };
    expect(await getAccount({ timestamp: clock.now() - 5001 })).toEqual(old);
    expect((await getAccount({ timestamp: clock.now() - 5000 })).status).toBe(200);
    expect((await getAccount({ timestamp: clock.now() - 30_000, recvWindow: 60_000 })).status).toBe(200);
    expect((await getAccount({ recvWindow: 60_001 })).body.code).toBe(-1131);
    expect(await getAccount({ timestamp: clock.now() + 1000 })).toEqual({ status: 400, body: { code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." } });
    expect((await getAccount({ timestamp: clock.now() + 999 })).status).toBe(200);
  });

  it('the window follows the exchange clock, not the wall clock', async () => {
    const stamp = clock.now();
    clock.advance(6_000);
    expect((await getAccount({ timestamp: stamp })).body.code).toBe(-1021);
  });

  it('an unknown key is -2015 and a missing or malformed one -2014, both HTTP 401', async () => {
    expect(await getAccount({ key: 'A'.repeat(64) })).toEqual({ status: 401, body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } });
    expect(await getAccount({ key: null })).toEqual({ status: 401, body: { code: -2014, msg: 'API-key format invalid.' } });
    expect((await getAccount({ key: 'bad key' })).body.code).toBe(-2014);
  });

  it('missing timestamp or signature is -1102', async () => {
    const r = await fetch(`${base}/api/v3/account?signature=00`, { headers: { 'X-MBX-APIKEY': account.spec.key } });
    expect(await r.json()).toEqual({ code: -1102, msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed." });
    const v = verifySigned(exchange, { key: account.spec.key, query: 'timestamp=1', body: '' }, new Params('timestamp=1'), clock.now());
    expect(v).toEqual({ ok: false, error: { code: -1102, msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.", status: 400 } });
  });

  it('a signature over query and form body together verifies (mixed example)', () => {
    const query = `symbol=BTCUSD&timestamp=${clock.now()}`;
    const body = 'quantity=1';
    const signature = signPayload(query + body, account.spec.secret);
    const full = `${body}&signature=${signature}`;
    const v = verifySigned(exchange, { key: account.spec.key, query, body: full }, new Params(query, full), clock.now());
    expect(v.ok).toBe(true);
  });
});
