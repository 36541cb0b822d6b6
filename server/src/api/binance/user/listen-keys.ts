import { createHash } from 'node:crypto';
import type { Exchange } from '../../../exchange/exchange.js';

/** How long a listenKey stays valid after its creation or last keepalive (ms): Binance's 60 minutes. */
export const LISTEN_KEY_TTL_MS = 60 * 60_000;

/** One live listenKey: whose it is and when it lapses (simulated ms). */
export interface ListenKey {
  key: string;
  account: string;
  expiresAt: number;
}

/**
 * The legacy listenKeys of one exchange: at most one live key per account (a second POST returns
 * the same key and extends it, as Binance does), 60 minutes from creation or the last PUT on the
 * run's clock. Keys are 64 alphanumerics derived from the account and a counter, so a run is
 * repeatable for the same seed and sequence of requests. Pure data: whoever streams a key watches
 * its `expiresAt` on the clock (see listen-key-stream.ts).
 */
export class ListenKeys {
  private readonly byKey = new Map<string, ListenKey>();
  private counter = 0;
  /** Told the key each DELETE closes, so its streams end at once. */
  readonly closed = new Set<(key: string) => void>();

  /** The account's live key (made if it has none or it lapsed), valid for LISTEN_KEY_TTL_MS from `now`. */
  open(account: string, now: number): ListenKey {
    const live = [...this.byKey.values()].find((k) => k.account === account && k.expiresAt > now);
    if (live) {
      live.expiresAt = now + LISTEN_KEY_TTL_MS;
      return live;
    }
    const key = createHash('sha256').update(`${account}\n${++this.counter}`).digest('hex');
    const entry = { key, account, expiresAt: now + LISTEN_KEY_TTL_MS };
    this.byKey.set(key, entry);
    return entry;
  }

  /** Extends a live key of `account` to LISTEN_KEY_TTL_MS from `now`; false for an unknown, lapsed or foreign key. */
  keepAlive(key: string, account: string, now: number): boolean {
    const entry = this.live(key, now);
    if (!entry || entry.account !== account) return false;
    entry.expiresAt = now + LISTEN_KEY_TTL_MS;
    return true;
  }

  /** Closes a key of `account`; false when it is unknown, lapsed or another account's. */
  close(key: string, account: string, now: number): boolean {
    const entry = this.live(key, now);
    if (!entry || entry.account !== account) return false;
    this.byKey.delete(key);
    for (const listener of [...this.closed]) listener(key);
    return true;
  }

  /** The key's entry while it is valid at `now`, else undefined. */
  live(key: string, now: number): ListenKey | undefined {
    const entry = this.byKey.get(key);
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  /** The key's entry whether or not it has lapsed (undefined once closed or never made): a stream learns its expiry from it. */
  entry(key: string): ListenKey | undefined {
    return this.byKey.get(key);
  }
}

const tables = new WeakMap<Exchange, ListenKeys>();

/** The exchange's one ListenKeys table, made on first use (REST routes and streams share it). */
export function listenKeysOf(exchange: Exchange): ListenKeys {
  let t = tables.get(exchange);
  if (!t) {
    t = new ListenKeys();
    tables.set(exchange, t);
  }
  return t;
}
