import type { StreamLink } from './stream-link.js';

/** Incoming messages (text, ping, pong) one connection may send per second (§6.1); the next closes it with 1008. */
export const MAX_MESSAGES_PER_SECOND = 5;
/** The server pings every this many ms and drops a connection whose last pong is older than PONG_TIMEOUT_MS. */
export const PING_EVERY_MS = 20_000;
/** See PING_EVERY_MS. */
export const PONG_TIMEOUT_MS = 60_000;
/** A connection is closed once it has been open this long (§6.1: valid for 24 hours). */
export const LIFETIME_MS = 24 * 60 * 60_000;
/** The close a connection gets at the end of its lifetime. CHOICE (UNCONFIRMED): 1001 going away, the code a planned server-side close uses. */
export const LIFETIME_CLOSE = { code: 1001, reason: 'Connection lifetime of 24 hours exceeded' } as const;

/**
 * One connection's clocks against Binance's rules, on simulated time: the incoming-message budget
 * per second, the server's pings and the pong deadline, and the 24-hour lifetime. A stalled link
 * sends no pings, so a client watching for them sees the silence (and is not dropped for the pongs
 * it could not send).
 */
export class ConnectionLimits {
  private windowStart: number;
  private inWindow = 0;
  private lastPong: number;
  private lastPing: number;

  constructor(private readonly openedAt: number) {
    this.windowStart = openedAt;
    this.lastPong = openedAt;
    this.lastPing = openedAt;
  }

  /** Counts one incoming message at `now`; false when it is over MAX_MESSAGES_PER_SECOND. */
  admit(now: number): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    this.inWindow += 1;
    return this.inWindow <= MAX_MESSAGES_PER_SECOND;
  }

  /** A pong arrived (it keeps the connection alive). */
  ponged(now: number): void {
    this.lastPong = now;
  }

  /** After a market step: close at the end of the lifetime, drop on a missed pong, or ping when one is due. */
  round(link: StreamLink, now: number): void {
    if (now - this.openedAt >= LIFETIME_MS) return link.disconnect(LIFETIME_CLOSE.code, LIFETIME_CLOSE.reason);
    if (link.stalled) {
      this.lastPong = now;
      return;
    }
    if (now - this.lastPong > PONG_TIMEOUT_MS) return link.disconnect(1006, '');
    if (now - this.lastPing >= PING_EVERY_MS) {
      this.lastPing = now;
      link.ping(String(now));
    }
  }
}
