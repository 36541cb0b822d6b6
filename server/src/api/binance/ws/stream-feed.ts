import { bookSequence } from '../book-sequence.js';
import { aggTradePayload, bookTickerPayload, diffPayload, klinePayload, partialPayload, tickerPayload, tradePayload, type Payload } from './payloads.js';
import type { StreamSpec } from './stream-names.js';

/**
 * One market stream shared by all its subscribers: each round (after a market step) it says what
 * the stream sends now, computed once however many connections listen. A stream with a cadence
 * (`every`) sends at most once per that many ms; trades and bookTicker send as things happen.
 */
export class StreamFeed {
  private nextAt = 0;
  private lastTrade: number;
  /** Diff depth: the update id the last event ended with (the next starts at this + 1). */
  private sentId: number;
  private lastTop = '';

  constructor(readonly spec: StreamSpec) {
    this.lastTrade = spec.market.tape.at(-1)?.id ?? 0;
    this.sentId = bookSequence(spec.market).observe();
  }

  /** The payloads due at `now`, oldest first (none when nothing is due or nothing changed). */
  poll(now: number): Payload[] {
    const { market: m, kind } = this.spec;
    if (kind === 'trade' || kind === 'aggTrade') {
      const fresh = m.tape.filter((t) => t.id > this.lastTrade);
      this.lastTrade = fresh.at(-1)?.id ?? this.lastTrade;
      return fresh.map((t) => (kind === 'trade' ? tradePayload(m, t, now) : aggTradePayload(m, t, now)));
    }
    if (now < this.nextAt) return [];
    this.nextAt = now + this.spec.every;
    const seq = bookSequence(m);
    switch (kind) {
      case 'kline': return [klinePayload(m, this.spec.interval ?? '1m', now)].filter((p) => p !== undefined);
      case 'miniTicker': return [tickerPayload(m, now, true)];
      case 'ticker': return [tickerPayload(m, now, false)];
      case 'partial': return [partialPayload(m, this.spec.levels ?? 5, seq.observe())];
      case 'bookTicker': {
        const p = bookTickerPayload(m, seq.observe());
        const top = `${String(p.b)} ${String(p.B)} ${String(p.a)} ${String(p.A)}`;
        if (top === this.lastTop) return [];
        this.lastTop = top;
        return [p];
      }
      case 'depth': {
        const id = seq.observe();
        const change = seq.changesSince(this.sentId);
        if (!change) return [];
        const first = this.sentId + 1;
        this.sentId = id;
        return [diffPayload(m, first, id, change, now)];
      }
    }
  }
}
