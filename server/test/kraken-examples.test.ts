import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../src/scenario/builtin.js';
import { testExchange, type TestExchange } from './kraken-client.js';

/**
 * Kraken's own example responses (its OpenAPI description, kept beside the project in the shared
 * reference folder, not copied into it) compared with ours, structurally: every field Kraken shows
 * must be present with the same JSON type. Fields Kraken shows only for margin trading, or only
 * on some records, are listed as optional with the reason.
 */
const EXAMPLES = join(packageRoot(), '..', 'shared', 'kraken-openapi', 'spot-rest', 'examples', 'responses');

/** Fields the examples show that a spot-only, non-margin mock legitimately omits. */
const OPTIONAL = new Set([
  'posstatus', 'cprice', 'ccost', 'cfee', 'cvol', 'cmargin', 'net', 'leverage', 'trades', 'close', // margin positions, conditional close
  'status-prop', 'originators', 'margin', // funding extras shown only for some records; margin trades only
  'ordertxid', 'postxid', // QueryLedgers example mixes trade fields in (only for trade entries)
  'new', 'tag', 'memo', // DepositAddresses: `new` only on a freshly made address; tag/memo only for XRP-like chains
]);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Map keys (pair ids, asset ids, txids, ledger ids) are data, not field names. */
const isDataKey = (k: string): boolean => /^[A-Z0-9]{3,}(\.[A-Z])?$/.test(k) || /^[OTLQ][A-Z0-9]{5}-/.test(k);

function compare(example: Json, ours: Json, path: string, problems: string[]): void {
  if (example === null || example === '' || ours === null) return; // Kraken's examples use '' / null as placeholders
  const kind = (v: Json): string => (Array.isArray(v) ? 'array' : typeof v);
  if (kind(example) !== kind(ours)) {
    problems.push(`${path}: Kraken has ${kind(example)} ${JSON.stringify(example).slice(0, 40)}, we have ${kind(ours)} ${JSON.stringify(ours).slice(0, 40)}`);
    return;
  }
  if (Array.isArray(example)) {
    const o = ours as Json[];
    if (example.length && o.length) {
      // tuples (Depth levels, trades, candles) compare position by position; lists by their first item
      const tuple = example.every((x) => !Array.isArray(x) && (typeof x !== 'object' || x === null)) && example.length <= 8;
      if (tuple) example.forEach((x, i) => i < o.length && compare(x, o[i] as Json, `${path}[${i}]`, problems));
      else compare(example[0] as Json, o[0] as Json, `${path}[0]`, problems);
    }
    return;
  }
  if (typeof example === 'object') {
    const o = ours as Record<string, Json>;
    const ourDataValue = Object.entries(o).find(([k]) => isDataKey(k))?.[1];
    for (const [k, v] of Object.entries(example)) {
      if (isDataKey(k)) {
        if (ourDataValue === undefined) problems.push(`${path}: Kraken has entries (${k}), we have none`);
        else compare(v, o[k] ?? ourDataValue, `${path}.${k}`, problems);
        continue;
      }
      if (!(k in o)) {
        if (!OPTIONAL.has(k)) problems.push(`${path}.${k}: missing`);
        continue;
      }
      compare(v, o[k] as Json, `${path}.${k}`, problems);
    }
  }
}

const example = (file: string): Json => parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Json;

describe.runIf(existsSync(EXAMPLES))("responses have the shapes of Kraken's documented examples", () => {
  let t: TestExchange;
  const calls: Record<string, () => Promise<unknown>> = {};
  beforeAll(async () => {
    t = await testExchange();
    t.clock.advance(60_000);
    const c = t.client;
    const market = await c.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' });
    const resting = await c.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50000.0', volume: '0.01' });
    const gone = await c.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50001.0', volume: '0.01' });
    await c.post('CancelOrder', { txid: gone.result.txid[0] });
    const trade = Object.keys((await c.post('TradesHistory')).result.trades)[0]!;
    const ledger = Object.keys((await c.post('Ledgers')).result.ledger)[0]!;
    t.exchange.funding.deposit('default', (await import('../src/exchange/assets.js')).assetByCode('BTC'), 10n ** 17n, t.clock.now());
    Object.assign(calls, {
      'public/time.yaml': () => c.get('Time'),
      'public/depth.yaml': () => c.get('Depth', { pair: 'XBTUSD' }),
      'public/ticker.yaml': () => c.get('Ticker', { pair: 'XBTUSD' }),
      'public/ohlc.yaml': () => c.get('OHLC', { pair: 'XBTUSD' }),
      'public/spread.yaml': () => c.get('Spread', { pair: 'XBTUSD' }),
      'public/trades.yaml': () => c.get('Trades', { pair: 'XBTUSD' }),
      'public/assets/info.yaml': () => c.get('Assets'),
      'public/assets/pairs.yaml': () => c.get('AssetPairs'),
      'user/account/balance.yaml': () => c.post('Balance'),
      'user/trades/balance.yaml': () => c.post('TradeBalance'),
      'user/orders/open.yaml': () => c.post('OpenOrders'),
      'user/orders/closed.yaml': () => c.post('ClosedOrders'),
      'user/orders/query.yaml': () => c.post('QueryOrders', { txid: `${market.result.txid[0]},${resting.result.txid[0]}` }),
      'user/trades/history.yaml': () => c.post('TradesHistory'),
      'user/trades/query.yaml': () => c.post('QueryTrades', { txid: trade }),
      'user/ledgers/info.yaml': () => c.post('Ledgers'),
      'user/ledgers/query.yaml': () => c.post('QueryLedgers', { id: ledger }),
      'trading/orders/add.yaml': () => c.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50002.0', volume: '0.01' }),
      'trading/orders/cancel.yaml': () => c.post('CancelOrder', { txid: resting.result.txid[0] }),
      'trading/orders/batchadd.yaml': () => c.post('AddOrderBatch', {
        pair: 'XBTUSD', orders: [{ type: 'buy', ordertype: 'limit', price: '50003.0', volume: '0.01' }, { type: 'buy', ordertype: 'limit', price: '50004.0', volume: '0.01' }],
      }, { json: true }),
      'trading/orders/batchcancel.yaml': async () => {
        const ids = Object.keys((await c.post('OpenOrders')).result.open);
        return c.post('CancelOrderBatch', { orders: ids.slice(0, 2) }, { json: true });
      },
      'trading/orders/edit.yaml': async () => {
        const id = Object.keys((await c.post('OpenOrders')).result.open)[0]!;
        return c.post('EditOrder', { txid: id, pair: 'XBTUSD', volume: '0.02', price: '50005.0' });
      },
      'funding/deposits/methods.yaml': () => c.post('DepositMethods', { asset: 'XBT' }),
      'funding/deposits/addresses.yaml': () => c.post('DepositAddresses', { asset: 'XBT', method: 'Bitcoin' }),
      'funding/deposits/recent.yaml': () => c.post('DepositStatus'),
    });
  });

  const files = [
    'public/time.yaml', 'public/depth.yaml', 'public/ticker.yaml', 'public/ohlc.yaml', 'public/spread.yaml', 'public/trades.yaml',
    'public/assets/info.yaml', 'public/assets/pairs.yaml', 'user/account/balance.yaml', 'user/trades/balance.yaml',
    'user/orders/open.yaml', 'user/orders/closed.yaml', 'user/orders/query.yaml', 'user/trades/history.yaml', 'user/trades/query.yaml',
    'user/ledgers/info.yaml', 'user/ledgers/query.yaml', 'trading/orders/add.yaml', 'trading/orders/cancel.yaml',
    'trading/orders/batchadd.yaml', 'trading/orders/batchcancel.yaml', 'trading/orders/edit.yaml',
    'funding/deposits/methods.yaml', 'funding/deposits/addresses.yaml', 'funding/deposits/recent.yaml',
  ];
  it.each(files)('%s', async (file) => {
    const ours = (await calls[file]!()) as Json;
    const problems: string[] = [];
    // Only the envelope's `result` is compared: the ledgers example misplaces `count` at the root.
    compare((example(file) as { result: Json }).result, (ours as { result: Json }).result, 'result', problems);
    expect(problems).toEqual([]);
  });
});
