import ccxt from 'ccxt';
import { Backoff } from './backoff.js';
import type { BotContext } from './bot-context.js';

/** Public market data and the private (keyed) API fail apart (B4), so each backs off on its own. */
export type CallKind = 'public' | 'private';

/** Least time between two requests of the bot (ccxt's own throttle for Kraken waits 1 s, in wall-clock time). */
export const PACE_MS = 3_000;

/** What became of one call: its value, or the error it failed with. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Seconds of a Retry-After header, in ms (0 when absent or not a number of seconds). */
export function retryAfterMs(headers: Record<string, string> | undefined): number {
  const raw = headers?.['Retry-After'] ?? headers?.['retry-after'];
  const s = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 0;
}

/**
 * Every REST call of the resilient bot goes through here: it waits out the backoff of its kind
 * and the pace (PACE_MS since the last request), makes the call and records whether it worked. A
 * Retry-After holds both kinds until it has passed; a lockout, ban or rate-limit error pauses that
 * kind at least as long as the longest backoff.
 */
export class ApiGate {
  private readonly backoff: Record<CallKind, Backoff>;
  private lastSent = -Infinity;

  constructor(private readonly ctx: BotContext) {
    this.backoff = { public: new Backoff(ctx.random), private: new Backoff(ctx.random) };
  }

  /** Earliest time a call of this kind may go. */
  readyAt(kind: CallKind): number {
    return this.backoff[kind].readyAt;
  }

  /** Failures in a row of this kind. */
  streak(kind: CallKind): number {
    return this.backoff[kind].streak;
  }

  /** Waits until PACE_MS have passed since the last request, and counts the next one as sent now. */
  async pace(): Promise<void> {
    const wait = this.lastSent + PACE_MS - this.ctx.now();
    if (wait > 0) await this.ctx.sleep(wait);
    this.lastSent = this.ctx.now();
  }

  /** Makes one call of `kind` once its backoff and the pace allow; never throws. */
  async call<T>(kind: CallKind, fn: () => Promise<T>): Promise<Attempt<T>> {
    const wait = this.readyAt(kind) - this.ctx.now();
    if (wait > 0) await this.ctx.sleep(wait);
    await this.pace();
    this.ctx.exchange.last_response_headers = undefined;
    try {
      // ccxt keeps a failed market load and rethrows it on every later call without asking again, so
      // a bot whose first call met the outage would stay stuck: while no markets are loaded, load afresh.
      if (this.ctx.exchange.markets === undefined) await this.ctx.exchange.loadMarkets(true);
      const value = await fn();
      this.backoff[kind].succeeded();
      return { ok: true, value };
    } catch (error) {
      this.failed(kind, error);
      return { ok: false, error };
    }
  }

  private failed(kind: CallKind, error: unknown): void {
    const now = this.ctx.now();
    const told = retryAfterMs(this.ctx.exchange.last_response_headers);
    const punished = error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection;
    this.backoff[kind].failed(now, Math.max(told, punished ? 60_000 : 0));
    if (told > 0) for (const b of Object.values(this.backoff)) b.holdUntil(now + told);
  }
}
