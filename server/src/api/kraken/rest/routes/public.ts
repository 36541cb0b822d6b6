import { ASSETS } from '../../../../exchange/assets.js';
import { INTERVALS, type Interval } from '../../../../exchange/candles.js';
import { type Dec, div, fmt, fmtTrim } from '../../../../exchange/decimal.js';
import type { Exchange } from '../../../../exchange/exchange.js';
import type { Market } from '../../../../exchange/market.js';
import type { Level } from '../../../../exchange/order-book.js';
import { FEE_SCHEDULE } from '../../../../exchange/pairs.js';
import { statsSince } from '../../../../exchange/market-stats.js';
import type { FundingNow, Mode } from '../../../../exchange/conditions.js';
import { InvalidArgument } from '../params.js';
import { failure, JsonText, success, type Route } from '../route.js';
import { dataPrice, marketFor, requiredMarket, rfc3339, volume } from '../wire.js';
import { assetByKrakenName, krakenAssetOf, krakenPairOf } from '../../names.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** Kraken's `rfc1123` text: `Thu, 06 Jul 23 18:50:48 +0000` (two-digit year). */
export function rfc1123(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCFullYear() % 100)} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}


const leverage = (m: Market): number[] => (['BTC', 'ETH'].includes(m.spec.base) ? [2, 3, 4, 5] : m.spec.base.startsWith('USD') ? [] : [2, 3]);

/** Assets `status` from the funding policy in force: which directions of funding work. */
function assetStatus(f: FundingNow): string {
  const deposits = f.deposits === 'credit' && f.addresses === 'enabled';
  const withdrawals = f.withdrawals === 'process';
  return deposits && withdrawals ? 'enabled' : deposits ? 'deposit_only' : withdrawals ? 'withdrawal_only' : 'funding_temporarily_disabled';
}

/** AssetPairs `status`: the pair's mode; a global maintenance shows as cancel_only (no pair status for it). */
const pairStatus = (mode: Mode): string => (mode === 'maintenance' ? 'cancel_only' : mode);

function pairInfo(m: Market, info: string, mode: Mode): Record<string, unknown> {
  const { spec } = m;
  const names = krakenPairOf(spec);
  const lev = leverage(m);
  const fees = { fees: FEE_SCHEDULE.taker.map(([v, p]) => [v, p]), fees_maker: FEE_SCHEDULE.maker.map(([v, p]) => [v, p]), fee_volume_currency: 'ZUSD' };
  if (info === 'leverage') return { leverage_buy: lev, leverage_sell: lev };
  if (info === 'fees') return { fees: fees.fees, fee_volume_currency: 'ZUSD' };
  if (info === 'margin') return { margin_call: 80, margin_stop: 40 };
  return {
    altname: names.altname, wsname: names.wsname, aclass_base: 'currency', base: krakenAssetOf(spec.base).id,
    aclass_quote: 'currency', quote: krakenAssetOf(spec.quote).id, lot: 'unit', cost_decimals: spec.costDecimals,
    pair_decimals: spec.priceDecimals, lot_decimals: spec.lotDecimals, lot_multiplier: 1, leverage_buy: lev, leverage_sell: lev,
    ...fees, margin_call: 80, margin_stop: 40, ordermin: spec.orderMin, costmin: spec.costMin, tick_size: spec.tickSize,
    status: pairStatus(mode), long_position_limit: lev.length ? 250 : 0, short_position_limit: lev.length ? 200 : 0,
  };
}

/** The markets a `pair` list names (all listed markets when absent); a Kraken error for an unknown one. */
function marketsFor(ex: Exchange, names: string[] | undefined): Market[] | string {
  if (!names) return [...ex.markets.values()];
  const out: Market[] = [];
  for (const n of names) {
    const m = marketFor(ex, n);
    if (!m) return 'EQuery:Unknown asset pair';
    if (!out.includes(m)) out.push(m);
  }
  return out;
}

type DepthSide = [string, string, number][];

/**
 * Each market's last Depth result, as JSON text, with the levels it was made from: a poller asks
 * again before the book moves, and formatting 200 levels exactly, then serializing them, is
 * nearly all that Depth costs.
 */
const lastDepth = new WeakMap<Market, { asks: Level[]; bids: Level[]; result: JsonText }>();

const sameLevels = (a: readonly Level[], b: readonly Level[]): boolean =>
  a.length === b.length && a.every((l, i) => l.price === b[i]!.price && l.qty === b[i]!.qty && l.time === b[i]!.time);

/** Depth's result: the book's top `count` levels a side under the pair's name (reused while the levels are unchanged). */
function depthOf(m: Market, count: number): JsonText {
  const asks = m.book.levels('asks', count);
  const bids = m.book.levels('bids', count);
  const last = lastDepth.get(m);
  if (last && sameLevels(last.asks, asks) && sameLevels(last.bids, bids)) return last.result;
  const side = (levels: Level[]): DepthSide => levels.map((l) => [dataPrice(m, l.price), fmtTrim(l.qty, m.spec.lotDecimals, 3), Math.floor(l.time / 1000)]);
  const result = new JsonText(JSON.stringify({ [krakenPairOf(m.spec).id]: { asks: side(asks), bids: side(bids) } }));
  lastDepth.set(m, { asks, bids, result });
  return result;
}

const level = (m: Market, price: Dec, qty: Dec): [string, string, string] =>
  [dataPrice(m, price), fmt(qty < 10n ** 18n ? 10n ** 18n : qty, 0, 'down'), fmtTrim(qty, 3, 3)];

function tickerOf(m: Market, now: number): Record<string, unknown> {
  const nowSec = Math.floor(now / 1000);
  const today = statsSince(m, now, Math.floor(nowSec / 86400) * 86400);
  const day = statsSince(m, now, nowSec - 86400);
  const ask = m.book.levels('asks', 1)[0];
  const bid = m.book.levels('bids', 1)[0];
  return {
    a: ask ? level(m, ask.price, ask.qty) : ['0', '0', '0.000'],
    b: bid ? level(m, bid.price, bid.qty) : ['0', '0', '0.000'],
    c: [dataPrice(m, m.last), volume(m, m.lastQty)],
    v: [volume(m, today.volume), volume(m, day.volume)],
    p: [dataPrice(m, today.vwap), dataPrice(m, day.vwap)],
    t: [today.count, day.count],
    l: [dataPrice(m, today.low), dataPrice(m, day.low)],
    h: [dataPrice(m, today.high), dataPrice(m, day.high)],
    o: dataPrice(m, today.open),
  };
}

/** Public market-data methods (`/0/public/*`). */
export const publicRoutes: Route[] = [
  {
    id: 'Time', visibility: 'public',
    handle: ({ now }) => success({ unixtime: Math.floor(now / 1000), rfc1123: rfc1123(now) }),
  },
  {
    id: 'SystemStatus', visibility: 'public',
    handle: ({ exchange, now }) => success({ status: exchange.trading.conditions.mode(undefined, now), timestamp: rfc3339(now) }),
  },
  {
    id: 'Assets', visibility: 'public',
    handle: ({ params, exchange, now }) => {
      const names = params.list('asset');
      const aclass = params.optStr('aclass') ?? 'currency';
      if (aclass !== 'currency' && aclass !== 'tokenized_asset') throw new InvalidArgument('aclass');
      const assets = names ? names.map((n) => assetByKrakenName(n)) : [...ASSETS];
      if (assets.some((a) => a === undefined)) return failure('EQuery:Unknown asset');
      const result: Record<string, unknown> = {};
      if (aclass === 'currency') {
        for (const a of assets) {
          const status = assetStatus(exchange.trading.conditions.funding(a!.code, now));
          result[krakenAssetOf(a!.code).id] = { aclass: 'currency', altname: krakenAssetOf(a!.code).altname, decimals: a!.decimals, display_decimals: a!.displayDecimals, collateral_value: 1, status };
        }
      }
      return success(result);
    },
  },
  {
    id: 'AssetPairs', visibility: 'public',
    handle: ({ params, exchange, now }) => {
      const info = params.optStr('info') ?? 'info';
      if (!['info', 'leverage', 'fees', 'margin'].includes(info)) throw new InvalidArgument('info');
      const markets = marketsFor(exchange, params.list('pair'));
      if (typeof markets === 'string') return failure(markets);
      return success(Object.fromEntries(markets.map((m) => [krakenPairOf(m.spec).id, pairInfo(m, info, exchange.trading.conditions.mode(m.spec.symbol, now))])));
    },
  },
  {
    id: 'Ticker', visibility: 'public',
    handle: ({ params, exchange, now }) => {
      const markets = marketsFor(exchange, params.list('pair'));
      if (typeof markets === 'string') return failure(markets);
      return success(Object.fromEntries(markets.map((m) => [krakenPairOf(m.spec).id, tickerOf(m, now)])));
    },
  },
  {
    id: 'OHLC', visibility: 'public',
    handle: ({ params, exchange, now }) => {
      const m = requiredMarket(exchange, params.optStr('pair'));
      if (typeof m === 'string') return failure(m);
      const interval = params.int('interval') ?? 1;
      if (!(INTERVALS as readonly number[]).includes(interval)) throw new InvalidArgument('interval');
      const since = params.int('since', 0, 2 ** 40) ?? 0;
      const p = m.spec.priceDecimals;
      const candles = m.series(interval as Interval).candles(Math.floor(now / 1000), m.last, since + 1);
      const rows = candles.map((c) => [
        c.time, fmt(c.open, p), fmt(c.high, p), fmt(c.low, p), fmt(c.close, p),
        fmt(c.volume > 0n ? div(c.turnover, c.volume) : c.close, p), volume(m, c.volume), c.count,
      ]);
      const committed = candles.length > 1 ? candles[candles.length - 2]! : candles[candles.length - 1];
      return success({ [krakenPairOf(m.spec).id]: rows, last: committed?.time ?? since });
    },
  },
  {
    id: 'Depth', visibility: 'public',
    handle: ({ params, exchange }) => {
      const m = requiredMarket(exchange, params.optStr('pair'));
      if (typeof m === 'string') return failure(m);
      const count = Math.min(Math.max(params.int('count', 0, 10_000) ?? 100, 1), 500);
      return success(depthOf(m, count));
    },
  },
  {
    id: 'Trades', visibility: 'public',
    handle: ({ params, exchange }) => {
      const m = requiredMarket(exchange, params.optStr('pair'));
      if (typeof m === 'string') return failure(m);
      const sinceText = params.optStr('since');
      if (sinceText !== undefined && !/^\d{1,20}(\.\d{1,9})?$/.test(sinceText)) throw new InvalidArgument('since');
      // Kraken accepts a nanosecond cursor (`last`) or unix seconds; compared in whole microseconds.
      const sinceUs = sinceText === undefined ? -1 : sinceText.length > 12 && !sinceText.includes('.')
        ? Number(BigInt(sinceText) / 1000n) : Math.round(Number(sinceText) * 1e6);
      const count = Math.min(Math.max(params.int('count', 0, 100_000) ?? 1000, 1), 1000);
      // With `since`: the oldest `count` after it (paging forward); without: the last `count` trades.
      const after = m.tape.filter((t) => Math.round(t.time * 1000) > sinceUs);
      const trades = sinceText === undefined ? after.slice(-count) : after.slice(0, count);
      const rows = trades.map((t) => [
        dataPrice(m, t.price), volume(m, t.qty), Math.round(t.time * 1000) / 1_000_000, t.side === 'buy' ? 'b' : 's',
        t.ordType === 'market' ? 'm' : 'l', '', t.id,
      ]);
      const lastTrade = trades[trades.length - 1];
      const last = lastTrade ? (BigInt(Math.round(lastTrade.time * 1000)) * 1000n).toString() : (sinceText ?? '0');
      return success({ [krakenPairOf(m.spec).id]: rows, last });
    },
  },
  {
    id: 'Spread', visibility: 'public',
    handle: ({ params, exchange }) => {
      const m = requiredMarket(exchange, params.optStr('pair'));
      if (typeof m === 'string') return failure(m);
      const since = params.int('since', 0, 2 ** 40) ?? 0;
      const points = m.spreads.filter((s) => Math.floor(s.time / 1000) > since);
      const rows = points.map((s) => [Math.floor(s.time / 1000), dataPrice(m, s.bid), dataPrice(m, s.ask)]);
      const last = points.length ? Math.floor(points[points.length - 1]!.time / 1000) : since;
      return success({ [krakenPairOf(m.spec).id]: rows, last });
    },
  },
];
