import type { Clock } from '../../../clock/clock.js';
import type { Journal } from '../../../control/journal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { WebSocket } from 'ws';
import type { BinanceLimits } from '../rest/limits.js';
import { userUpgradeRoute } from '../user/upgrade-routes.js';
import { BinanceStreams } from './market-streams.js';
import { StreamFaults } from './stream-faults.js';
import type { ConnectionFaultSource } from '../../ws-connection-faults.js';
import { StreamJournal } from './stream-journal.js';
import type { StreamSide } from './upgrade.js';

/** A run's Binance WebSocket side (see StreamSide), with `publish` for each market step and `stop` at its end. */
export interface BinanceWebSockets extends StreamSide {
  /** After a market step: phase-start connection faults, then the streams' round. */
  publish(now: number): void;
  /** Drops every connection (the run is replaced or the server closes). */
  stop(): void;
}

/**
 * Builds the market streams of a run on its exchange, scenario and journal (the rng fork is the
 * streams' own, so a seed replays alike), and its user-data side (WebSocket API, listenKey streams),
 * whose sockets `stop` closes with the streams' (a restarted run's clients must dial again). The
 * WebSocket API charges its requests to `limits`, the run's REST limits.
 */
export function startBinanceWebSockets(exchange: Exchange, source: ConnectionFaultSource, clock: Clock, journal: Journal, limits?: BinanceLimits): BinanceWebSockets {
  const faults = new StreamFaults(source, clock, exchange.rng.fork('binance-ws-faults'));
  const streamJournal = new StreamJournal(journal, clock);
  const streams = new BinanceStreams(exchange, clock, faults, streamJournal);
  const route = userUpgradeRoute(exchange, clock, journal, faults, limits);
  const userSockets = new Set<WebSocket>();
  return {
    streams, faults, journal: streamJournal, now: () => clock.now(),
    user: (path, query) => {
      const handler = route(path, query);
      return handler && ((socket, ip) => {
        userSockets.add(socket);
        socket.once('close', () => userSockets.delete(socket));
        handler(socket, ip);
      });
    },
    publish: (now) => {
      faults.tick(now);
      streams.publish(now);
    },
    stop: () => {
      streams.close();
      for (const socket of userSockets) socket.terminate();
      userSockets.clear();
    },
  };
}
