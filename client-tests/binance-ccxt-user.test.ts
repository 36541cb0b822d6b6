import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ccxt from 'ccxt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchange } from '../server/src/app.js';
import { binanceHttpHandler } from '../server/src/api/binance/rest/http.js';
import { LISTEN_KEY_TTL_MS } from '../server/src/api/binance/user/listen-keys.js';
import { BinanceStreams } from '../server/src/api/binance/ws/market-streams.js';
import { userUpgradeRoute } from '../server/src/api/binance/user/upgrade-routes.js';
import { attachBinanceStreams } from '../server/src/api/binance/ws/upgrade.js';
import { SystemClock, type Clock, type ManualClock } from '../server/src/clock/clock.js';
import { auditExchange } from '../server/src/control/audit.js';
import type { Account } from '../server/src/exchange/account.js';
import { fmt } from '../server/src/exchange/decimal.js';
import type { Exchange } from '../server/src/exchange/exchange.js';

describe('ccxt.pro binance user data against the Binance dialect (WebSocket API and listenKey stream)', () => {
  let server: Server;
  let exchange: Exchange;
  let clock: ManualClock;
  let account: Account;
  let base: string;
  let client: InstanceType<typeof ccxt.pro.binance>;
  let detach: { close(clock: Clock): Promise<void> };

  beforeAll(async () => {
    const made = await createExchange({ scenario: 'calm', clock: 'manual' });
    exchange = made.exchange;
    clock = made.clock as ManualClock;
    clock.advance(60_000);
    account = [...exchange.accounts.values()][0]!;
    server = createServer(binanceHttpHandler(exchange, clock));
    const streams = new BinanceStreams(exchange, clock);
    const user = userUpgradeRoute(exchange, clock);
    detach = attachBinanceStreams(server, () => ({ streams, faults: streams.faults, journal: streams.journal, user }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    base = `127.0.0.1:${port}`;
    client = new ccxt.pro.binance({
      apiKey: account.spec.key, secret: account.spec.secret,
      options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false },
    });
    const api = client.urls.api as Record<string, any>;
    api.public = `http://${base}/api/v3`;
    api.private = `http://${base}/api/v3`;
    api.ws = { ...api.ws, spot: `ws://${base}/ws`, 'ws-api': { spot: `ws://${base}/ws-api/v3` } };
    client.milliseconds = () => clock.now();
    client.nonce = () => clock.now();
    // ccxt.pro asks for an HTTP agent before dialling a non-TLS ws:// url.
    await client.loadHttpProxyAgent();
    await client.loadMarkets();
  });
  afterAll(async () => {
    await client.close();
    await detach.close(new SystemClock());
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const farBid = (): number => Number(fmt(exchange.markets.get('BTC/USD')!.book.best('buy')!.price * 9n / 10n / 10n ** 17n * 10n ** 17n, 1));

  it('watchOrders sees NEW then CANCELED with createOrder\'s id; watchBalance sees the locked USD', async () => {
    // The first watch subscribes (userDataStream.subscribe.signature) before it waits for events.
    await client.authenticate({ type: 'spot' });
    // watchBalance resolves on the next balance event, so it is asked for before the order.
    const orders = client.watchOrders('BTC/USD');
    const balanced = client.watchBalance();
    const placed = await client.createOrder('BTC/USD', 'limit', 'buy', 0.01, farBid());
    const seen = await orders;
    expect(seen[seen.length - 1]).toMatchObject({ id: placed.id, status: 'open' });
    const balance = await balanced;
    expect(balance.USD?.used).toBeGreaterThan(0);
    const next = client.watchOrders('BTC/USD');
    await client.cancelOrder(placed.id!, 'BTC/USD');
    const after = await next;
    expect(after[after.length - 1]).toMatchObject({ id: placed.id, status: 'canceled' });
  });

  it('watchMyTrades and watchBalance see a market buy fill; the balance equals fetchBalance', async () => {
    const trades = client.watchMyTrades('BTC/USD');
    const balanced = client.watchBalance();
    const placed = await client.createOrder('BTC/USD', 'market', 'buy', 0.01);
    const seen = await trades;
    expect(seen[seen.length - 1]).toMatchObject({ order: placed.id, side: 'buy', symbol: 'BTC/USD' });
    const watched = await balanced;
    const fetched = await client.fetchBalance();
    expect(watched.BTC?.free).toBe(fetched.BTC?.free);
    expect(watched.USD?.free).toBe(fetched.USD?.free);
  });

  it('createOrderWs and cancelOrderWs answer like REST', async () => {
    const placed = await client.createOrderWs('BTC/USD', 'limit', 'buy', 0.01, farBid());
    expect(placed).toMatchObject({ status: 'open', type: 'limit', side: 'buy', amount: 0.01 });
    const rest = await client.fetchOrder(placed.id!, 'BTC/USD');
    expect(rest.clientOrderId).toBe(placed.clientOrderId);
    const cancelled = await client.cancelOrderWs(placed.id!, 'BTC/USD');
    expect(cancelled).toMatchObject({ id: placed.id, status: 'canceled' });
  });

  it('a listenKey stream by raw HTTP + ws: events arrive raw, and 60 simulated minutes without PUT bring listenKeyExpired and a close', async () => {
    const r = await fetch(`http://${base}/api/v3/userDataStream`, { method: 'POST', headers: { 'X-MBX-APIKEY': account.spec.key } });
    const { listenKey } = (await r.json()) as { listenKey: string };
    const ws = new WebSocket(`ws://${base}/ws/${listenKey}`);
    const frames: Record<string, unknown>[] = [];
    let positioned: () => void = () => undefined;
    const position = new Promise<void>((resolve) => (positioned = resolve));
    ws.on('message', (d) => {
      frames.push(JSON.parse(String(d)) as Record<string, unknown>);
      if (frames[frames.length - 1]!.e === 'outboundAccountPosition') positioned();
    });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    await client.createOrder('BTC/USD', 'market', 'buy', 0.001);
    await position;
    expect(frames.map((f) => f.e)).toContain('executionReport');
    expect(frames.map((f) => f.e)).toContain('outboundAccountPosition');
    clock.advance(LISTEN_KEY_TTL_MS);
    expect(await closed).toBe(1000);
    expect(frames[frames.length - 1]).toMatchObject({ e: 'listenKeyExpired', listenKey });
    expect(auditExchange(exchange)).toEqual([]);
  });
});
