import type { Account } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { OrderEvent } from '../../../exchange/trading.js';
import type { LedgerEntry } from '../../../exchange/types.js';
import { accountPosition, balanceUpdate, executionReport } from './execution-report.js';

/** Receives one user-data event object (`{"e":…}`), already in Binance's words. */
export type UserEventSink = (event: Record<string, unknown>) => void;

interface Watched {
  sinks: Set<UserEventSink>;
  stop: () => void;
  /** Assets changed since the last outboundAccountPosition, and the time of the latest change. */
  touched: Set<string>;
  time: number;
}

/**
 * The user data events of one exchange, in Binance's words, for every subscriber of an account
 * (listenKey streams, WebSocket API subscriptions): the core's order events become
 * `executionReport`s as they happen, funding ledger entries `balanceUpdate`s, and the assets any
 * of them touched one `outboundAccountPosition` once the core's operation is over (a microtask
 * later), so it shows holds and balances settled, not half-way through a match. Each payload is
 * built once whatever the number of subscribers. It learns of changes the neutral way Kraken's
 * private channels do: the core's order listeners and each account's ledger listeners.
 */
export class UserEvents {
  private readonly accounts = new Map<string, Watched>();
  private reports = 0;

  constructor(private readonly exchange: Exchange) {}

  /** Sends `account`'s events to `sink` until the returned function is called. */
  subscribe(account: Account, sink: UserEventSink): () => void {
    const w = this.accounts.get(account.name) ?? this.watch(account);
    w.sinks.add(sink);
    return () => {
      w.sinks.delete(sink);
      if (w.sinks.size > 0) return;
      w.stop();
      this.accounts.delete(account.name);
    };
  }

  private watch(account: Account): Watched {
    const onOrder = (e: OrderEvent): void => {
      if (e.order.account !== account.name) return;
      const report = executionReport(this.exchange, e, this.reports + 1);
      if (report) this.reports++;
      if (report) this.emit(w, report);
      const spec = this.exchange.markets.get(e.order.symbol)?.spec;
      if (spec) this.touch(w, account, [spec.base, spec.quote], e.time);
    };
    const onLedger = (entry: LedgerEntry): void => {
      if (entry.type !== 'trade') this.emit(w, balanceUpdate(entry, entry.time));
      this.touch(w, account, [entry.asset], entry.time);
    };
    this.exchange.trading.listeners.add(onOrder);
    account.listeners.add(onLedger);
    const w: Watched = {
      sinks: new Set(), touched: new Set(), time: 0,
      stop: () => {
        this.exchange.trading.listeners.delete(onOrder);
        account.listeners.delete(onLedger);
      },
    };
    this.accounts.set(account.name, w);
    return w;
  }

  private emit(w: Watched, event: Record<string, unknown>): void {
    for (const sink of [...w.sinks]) sink(event);
  }

  /** Notes changed assets; the first change since the last position schedules it for the end of the current operation. */
  private touch(w: Watched, account: Account, assets: string[], time: number): void {
    const first = w.touched.size === 0;
    for (const a of assets) w.touched.add(a);
    w.time = Math.max(w.time, time);
    if (!first) return;
    queueMicrotask(() => {
      const assetsNow = [...w.touched];
      w.touched.clear();
      if (assetsNow.length > 0) this.emit(w, accountPosition(account, assetsNow, w.time));
    });
  }
}

const hubs = new WeakMap<Exchange, UserEvents>();

/** The exchange's one UserEvents hub, made on first use. */
export function userEventsOf(exchange: Exchange): UserEvents {
  let h = hubs.get(exchange);
  if (!h) {
    h = new UserEvents(exchange);
    hubs.set(exchange, h);
  }
  return h;
}
