import { type Dec, div, fmt, ZERO } from '../../../exchange/decimal.js';
import type { Market } from '../../../exchange/market.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { assetByCode } from '../../../exchange/assets.js';
import type { Candle, Interval } from '../../../exchange/candles.js';
import { statsSince } from '../../../exchange/market-stats.js';
import { iso } from './wire.js';

/**
 * One channel of one symbol (and depth): frames are serialised once and sent to every
 * subscriber. `snapshot` is what a new subscriber gets; `update` what changed since the last call
 * (several frames, in order, when one step is sent as several messages, as the v1 book does).
 */
export interface Feed {
  snapshot(now: number): string | undefined;
  update(now: number): string | readonly string[] | undefined;
}

const price = (m: Market, x: Dec): string => fmt(x, m.spec.priceDecimals);
const qty = (m: Market, x: Dec): string => fmt(x, m.spec.lotDecimals);

/** The v2 `ticker` channel: best bid/ask, last trade and 24-hour statistics; updates on trades. */
export class TickerFeed implements Feed {
  private lastTrade = -1;

  constructor(private readonly m: Market) {}

  snapshot(now: number): string {
    this.lastTrade = this.m.tape[this.m.tape.length - 1]?.id ?? -1;
    return this.frame('snapshot', now);
  }

  update(now: number): string | undefined {
    const id = this.m.tape[this.m.tape.length - 1]?.id ?? -1;
    if (id === this.lastTrade) return undefined;
    this.lastTrade = id;
    return this.frame('update', now);
  }

  private frame(type: 'snapshot' | 'update', now: number): string {
    const m = this.m;
    const day = statsSince(m, now, Math.floor(now / 1000) - 86400);
    const bid = m.book.levels('bids', 1)[0];
    const ask = m.book.levels('asks', 1)[0];
    const change = m.last - day.open;
    const pct = day.open > 0n ? fmt(div(change * 100n, day.open), 2) : '0.00';
    return `{"channel":"ticker","type":"${type}","data":[{"symbol":"${m.spec.symbol}","bid":${price(m, bid?.price ?? ZERO)},"bid_qty":${qty(m, bid?.qty ?? ZERO)},` +
      `"ask":${price(m, ask?.price ?? ZERO)},"ask_qty":${qty(m, ask?.qty ?? ZERO)},"last":${price(m, m.last)},"volume":${qty(m, day.volume)},` +
      `"vwap":${price(m, day.vwap)},"low":${price(m, day.low)},"high":${price(m, day.high)},"change":${price(m, change)},"change_pct":${pct},` +
      `"timestamp":"${iso(now)}"}]}`;
  }
}

/** The v2 `trade` channel: each public trade once, in order (snapshot: the latest 50, on request). */
export class TradeFeed implements Feed {
  private lastTrade: number;

  constructor(private readonly m: Market) {
    this.lastTrade = m.tape[m.tape.length - 1]?.id ?? -1;
  }

  snapshot(): string | undefined {
    return this.frame('snapshot', this.m.tape.slice(-50));
  }

  update(): string | undefined {
    const fresh = this.m.tape.filter((t) => t.id > this.lastTrade);
    if (fresh.length === 0) return undefined;
    this.lastTrade = fresh[fresh.length - 1]!.id;
    return this.frame('update', fresh);
  }

  private frame(type: 'snapshot' | 'update', trades: Market['tape']): string | undefined {
    if (trades.length === 0 && type === 'update') return undefined;
    const m = this.m;
    const data = trades.map((t) => `{"symbol":"${m.spec.symbol}","side":"${t.side}","price":${price(m, t.price)},"qty":${qty(m, t.qty)},` +
      `"ord_type":"${t.ordType}","trade_id":${t.id},"timestamp":"${iso(t.time)}"}`);
    return `{"channel":"trade","type":"${type}","data":[${data.join(',')}]}`;
  }
}

/** The v2 `ohlc` channel: recent candles as a snapshot, then the current candle whenever it changes. */
export class OhlcFeed implements Feed {
  private last = '';

  constructor(private readonly m: Market, private readonly interval: Interval) {}

  snapshot(now: number): string {
    const candles = this.candles(now);
    this.last = this.key(candles[candles.length - 1]);
    return this.frame('snapshot', candles.slice(-20), now);
  }

  update(now: number): string | undefined {
    const current = this.candles(now).slice(-1);
    const key = this.key(current[0]);
    if (key === this.last) return undefined;
    this.last = key;
    return this.frame('update', current, now);
  }

  private candles(now: number): Candle[] {
    return this.m.series(this.interval).candles(Math.floor(now / 1000), this.m.last);
  }

  private key(c: Candle | undefined): string {
    return c ? `${c.time}/${c.close}/${c.volume}/${c.count}` : '';
  }

  private frame(type: 'snapshot' | 'update', candles: Candle[], now: number): string {
    const m = this.m;
    const data = candles.map((c) => {
      const vwap = c.volume > 0n ? div(c.turnover, c.volume) : c.close;
      return `{"symbol":"${m.spec.symbol}","open":${price(m, c.open)},"high":${price(m, c.high)},"low":${price(m, c.low)},"close":${price(m, c.close)},` +
        `"trades":${c.count},"volume":${qty(m, c.volume)},"vwap":${price(m, vwap)},"interval_begin":"${iso(c.time * 1000)}",` +
        `"interval":${this.interval},"timestamp":"${iso((c.time + this.interval * 60) * 1000)}"}`;
    });
    return `{"channel":"ohlc","type":"${type}","timestamp":"${iso(now)}","data":[${data.join(',')}]}`;
  }
}

/**
 * The v2 `instrument` channel: every listed asset and pair with its precisions and status (the
 * pair's trading mode); an update whenever a status changes.
 */
export class InstrumentFeed implements Feed {
  private last = '';

  constructor(private readonly exchange: Exchange) {}

  snapshot(now: number): string {
    this.last = this.statuses(now);
    return this.frame('snapshot', now);
  }

  update(now: number): string | undefined {
    const statuses = this.statuses(now);
    if (statuses === this.last) return undefined;
    this.last = statuses;
    return this.frame('update', now);
  }

  private statuses(now: number): string {
    return [...this.exchange.markets.keys()].map((s) => this.exchange.trading.conditions.mode(s, now)).join();
  }

  private frame(type: 'snapshot' | 'update', now: number): string {
    const ex = this.exchange;
    const codes = new Set<string>();
    const pairs = [...ex.markets.values()].map((m) => {
      codes.add(m.spec.base);
      codes.add(m.spec.quote);
      const mode = ex.trading.conditions.mode(m.spec.symbol, now);
      return `{"symbol":"${m.spec.symbol}","base":"${m.spec.base}","quote":"${m.spec.quote}","status":"${mode === 'maintenance' ? 'cancel_only' : mode}",` +
        `"qty_precision":${m.spec.lotDecimals},"qty_increment":${fmt(10n ** BigInt(18 - m.spec.lotDecimals), m.spec.lotDecimals)},` +
        `"price_precision":${m.spec.priceDecimals},"cost_precision":${m.spec.costDecimals},"marginable":false,"has_index":true,` +
        `"cost_min":${m.spec.costMin},"tick_size":${m.spec.tickSize},"price_increment":${m.spec.tickSize},"qty_min":${m.spec.orderMin}}`;
    });
    const assets = [...codes].map((code) => {
      const a = assetByCode(code);
      const f = ex.trading.conditions.funding(code, now);
      const status = f.deposits === 'credit' && f.withdrawals === 'process' ? 'enabled' : 'funding_temporarily_disabled';
      return `{"id":"${code}","status":"${status}","precision":${a.decimals},"precision_display":${a.displayDecimals},"borrowable":false,"collateral_value":1,"margin_rate":0}`;
    });
    return `{"channel":"instrument","type":"${type}","data":{"assets":[${assets.join(',')}],"pairs":[${pairs.join(',')}]}}`;
  }
}
