import type { Clock } from '../../../clock/clock.js';
import type { Journal } from '../../../control/journal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { BinanceStreams } from './market-streams.js';
import { StreamFaults, type StreamFaultSource } from './stream-faults.js';
import { StreamJournal } from './stream-journal.js';
import type { StreamSide } from './upgrade.js';

/** A run's Binance WebSocket side (see StreamSide), with `publish` for each market step and `stop` at its end. */
export interface BinanceWebSockets extends StreamSide {
  /** After a market step: phase-start connection faults, then the streams' round. */
  publish(now: number): void;
  /** Drops every connection (the run is replaced or the server closes). */
  stop(): void;
}

/** Builds the market streams of a run on its exchange, scenario and journal (the rng fork is the streams' own, so a seed replays alike). */
export function startBinanceWebSockets(exchange: Exchange, source: StreamFaultSource, clock: Clock, journal: Journal): BinanceWebSockets {
  const faults = new StreamFaults(source, clock, exchange.rng.fork('binance-ws-faults'));
  const streamJournal = new StreamJournal(journal, clock);
  const streams = new BinanceStreams(exchange, clock, faults, streamJournal);
  return {
    streams, faults, journal: streamJournal,
    publish: (now) => {
      faults.tick(now);
      streams.publish(now);
    },
    stop: () => streams.close(),
  };
}
