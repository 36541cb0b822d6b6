import { type Dec, fmt, ZERO } from '../../../exchange/decimal.js';
import type { Market } from '../../../exchange/market.js';
import { statsSince } from '../../../exchange/market-stats.js';
import type { Interval } from '../../../exchange/candles.js';
import type { Feed } from './feeds.js';

/** Seconds with microseconds as v1 writes times: `"1534614248.123678"`. */
const secs = (ms: number): string => (ms / 1000).toFixed(6);
const px = (m: Market, x: Dec): string => fmt(x, m.dataDecimals);
const vol = (m: Market, x: Dec): string => fmt(x, m.spec.lotDecimals);

/**
 * v1 payloads: each feed yields the middle of Kraken's array frame; the server wraps it as
 * `[channelID, payload, channelName, pair]` for each subscriber's channel id.
 */
export class TickerFeedV1 implements Feed {
  private lastTrade = -1;
  constructor(private readonly m: Market) {}
  snapshot(now: number): string {
    this.lastTrade = this.m.tape[this.m.tape.length - 1]?.id ?? -1;
    return this.payload(now);
  }
  update(now: number): string | undefined {
    const id = this.m.tape[this.m.tape.length - 1]?.id ?? -1;
    if (id === this.lastTrade) return undefined;
    this.lastTrade = id;
    return this.payload(now);
  }
  private payload(now: number): string {
    const m = this.m;
    const nowSec = Math.floor(now / 1000);
    const today = statsSince(m, now, Math.floor(nowSec / 86400) * 86400);
    const day = statsSince(m, now, nowSec - 86400);
    const side = (l: { price: Dec; qty: Dec } | undefined): string =>
      `["${px(m, l?.price ?? ZERO)}",${Math.max(1, Number(fmt(l?.qty ?? ZERO, 0, 'down')))},"${fmt(l?.qty ?? ZERO, 8)}"]`;
    return `{"a":${side(m.book.levels('asks', 1)[0])},"b":${side(m.book.levels('bids', 1)[0])},"c":["${px(m, m.last)}","${vol(m, m.lastQty)}"],` +
      `"v":["${vol(m, today.volume)}","${vol(m, day.volume)}"],"p":["${px(m, today.vwap)}","${px(m, day.vwap)}"],"t":[${today.count},${day.count}],` +
      `"l":["${px(m, today.low)}","${px(m, day.low)}"],"h":["${px(m, today.high)}","${px(m, day.high)}"],"o":["${px(m, today.open)}","${px(m, day.open)}"]}`;
  }
}

/** v1 trades: `[[price, volume, time, side, ordertype, misc], …]`, each trade once. */
export class TradeFeedV1 implements Feed {
  private last: number;
  constructor(private readonly m: Market) {
    this.last = m.tape[m.tape.length - 1]?.id ?? -1;
  }
  snapshot(): undefined {
    return undefined;
  }
  update(): string | undefined {
    const fresh = this.m.tape.filter((t) => t.id > this.last);
    if (fresh.length === 0) return undefined;
    this.last = fresh[fresh.length - 1]!.id;
    return `[${fresh.map((t) => `["${px(this.m, t.price)}","${vol(this.m, t.qty)}","${secs(t.time)}","${t.side === 'buy' ? 'b' : 's'}","${t.ordType === 'market' ? 'm' : 'l'}",""]`).join(',')}]`;
  }
}

/** v1 spread: `[bid, ask, time, bidVolume, askVolume]` whenever the touch changes. */
export class SpreadFeedV1 implements Feed {
  private last = '';
  constructor(private readonly m: Market) {}
  snapshot(now: number): string | undefined {
    return this.payload(now, true);
  }
  update(now: number): string | undefined {
    return this.payload(now, false);
  }
  private payload(now: number, always: boolean): string | undefined {
    const bid = this.m.book.levels('bids', 1)[0];
    const ask = this.m.book.levels('asks', 1)[0];
    if (!bid || !ask) return undefined;
    const key = `${bid.price}/${ask.price}/${bid.qty}/${ask.qty}`;
    if (!always && key === this.last) return undefined;
    this.last = key;
    return `["${px(this.m, bid.price)}","${px(this.m, ask.price)}","${secs(now)}","${vol(this.m, bid.qty)}","${vol(this.m, ask.qty)}"]`;
  }
}

/** v1 ohlc: the current candle `[time, etime, open, high, low, close, vwap, volume, count]` when it changes. */
export class OhlcFeedV1 implements Feed {
  private last = '';
  constructor(private readonly m: Market, private readonly interval: Interval) {}
  snapshot(): undefined {
    return undefined;
  }
  update(now: number): string | undefined {
    const c = this.m.series(this.interval).candles(Math.floor(now / 1000), this.m.last).slice(-1)[0];
    if (!c) return undefined;
    const key = `${c.time}/${c.close}/${c.volume}/${c.count}`;
    if (key === this.last) return undefined;
    this.last = key;
    const m = this.m;
    const vwap = c.volume > 0n ? (c.turnover * 10n ** 18n) / c.volume : c.close;
    return `["${secs(now)}","${secs((c.time + this.interval * 60) * 1000)}","${px(m, c.open)}","${px(m, c.high)}","${px(m, c.low)}","${px(m, c.close)}",` +
      `"${px(m, vwap)}","${vol(m, c.volume)}",${c.count}]`;
  }
}
