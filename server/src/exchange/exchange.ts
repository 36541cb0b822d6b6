import { Rng } from '../clock/rng.js';
import { Account, type AccountSpec } from './account.js';
import { Funding } from './funding.js';
import { IdSource } from './ids.js';
import { Market, type MarketSettings } from './market.js';
import type { PairSpec } from './pairs.js';
import { Scheduler } from './scheduler.js';
import { Trading } from './trading.js';
import { RateLimiter, TRADING_LIMITS, type CounterLimit } from './rate-limits.js';
import type { VerificationTier } from './account.js';

/** How long a WebSocket token stays valid unused (Kraken: 15 minutes). */
export const TOKEN_TTL_MS = 15 * 60_000;

/** On a fast-forward, a market step covers at most this fraction (1/N) of the time left to the target. */
export const FAST_FORWARD_RESOLUTION = 3600;

/** Everything needed to build an exchange: the market, the accounts, the seed and the start time. */
export interface ExchangeConfig {
  seed: string | number;
  /** Simulated start time, ms since the epoch. */
  startTime: number;
  /** Interval of market model steps (ms). */
  stepMs: number;
  pairs: { spec: PairSpec; settings: MarketSettings }[];
  accounts: AccountSpec[];
}

/**
 * The pure exchange: markets, accounts, matching and funding, all advanced by `sync(now)` in
 * simulated time. It never reads a clock or a socket; whoever owns it passes the time in, so the
 * same config, seed and calls replay to the same state, byte for byte.
 */
export class Exchange {
  readonly markets = new Map<string, Market>();
  readonly accounts = new Map<string, Account>();
  readonly byKey = new Map<string, Account>();
  readonly scheduler = new Scheduler();
  readonly trading: Trading;
  readonly funding: Funding;
  readonly rng: Rng;
  /** Rate-limit counters and lockouts (used only when the scenario's limits are on). */
  readonly limiter = new RateLimiter();
  /** WebSocket tokens: token → account and expiry (ms). */
  readonly tokens = new Map<string, { account: string; expiresAt: number }>();
  private readonly tokenRng: Rng;
  private nextStep: number;
  /** When the last market step ran (ms); the next one covers the time since. */
  private lastStep: number;
  /** A time being fast-forwarded to (see fastForwardTo), or undefined. */
  private fastTarget: number | undefined;
  private time: number;

  constructor(readonly config: ExchangeConfig) {
    this.rng = new Rng(config.seed);
    this.tokenRng = this.rng.fork('tokens');
    const ids = new IdSource(this.rng.fork('ids'));
    for (const { spec, settings } of config.pairs) {
      this.markets.set(spec.symbol, new Market(spec, settings, this.rng.fork(`market/${spec.symbol}`), config.startTime));
    }
    for (const spec of config.accounts) {
      const account = new Account(spec, ids);
      this.accounts.set(spec.name, account);
      this.byKey.set(spec.key, account);
    }
    this.trading = new Trading(this.markets, this.accounts, ids, this.scheduler);
    this.funding = new Funding(this.accounts, ids, this.scheduler, this.rng.fork('funding'), () => this.trading.conditions);
    this.time = config.startTime;
    this.lastStep = config.startTime;
    this.nextStep = config.startTime + config.stepMs;
  }

  /** The simulated time the exchange has caught up with. */
  get now(): number {
    return this.time;
  }

  /** When something next happens on its own (a market step or a scheduled event), ms. */
  nextDue(): number {
    return Math.min(this.nextStep, this.scheduler.next());
  }

  /**
   * Catches up with simulated time `now`: runs market steps and scheduled events in time order
   * (events first on a tie). Calling it with a time already reached does nothing.
   */
  sync(now: number): void {
    if (now < this.time) return;
    for (;;) {
      const event = this.scheduler.next();
      if (event <= now && event <= this.nextStep) {
        this.time = Math.max(this.time, event);
        this.scheduler.runUntil(event);
        continue;
      }
      if (this.nextStep > now) break;
      const at = this.nextStep;
      const dt = at - this.lastStep;
      this.time = at;
      this.lastStep = at;
      for (const market of this.markets.values()) this.trading.step(market, at, dt, Math.min(dt, this.config.stepMs));
      this.nextStep = this.stepAfter(at);
    }
    this.time = now;
  }

  /**
   * Makes the market steps between now and `target` cheaper to live through: a step covers at most
   * 1/FAST_FORWARD_RESOLUTION of the time left to `target` (on the usual grid of `stepMs`), so at
   * least the last FAST_FORWARD_RESOLUTION steps before it are ordinary ones and detail fades with distance
   * from it, as the candles that keep the past do. A year costs about 36,000 steps instead of 31.5
   * million. Prices follow the same random walk (its variance grows with the step); a longer step has
   * the simulated trades of an ordinary one, which fill orders and build candles as usual (so the
   * candles of fast-forwarded time show fewer trades); events (expiries, deposits, phase
   * edges) still happen at their own times. Nothing moves until the clock does: `sync` then steps
   * on this coarser grid until `target` is reached, after which steps are ordinary again.
   */
  fastForwardTo(target: number): void {
    if (!(target > this.lastStep)) return;
    this.fastTarget = target;
    this.nextStep = this.stepAfter(this.lastStep);
  }

  /** When the step after one at `at` runs: one stepMs later, or further on a fast-forward. */
  private stepAfter(at: number): number {
    const step = this.config.stepMs;
    const target = this.fastTarget;
    if (target === undefined) return at + step;
    const steps = Math.floor((target - at) / (FAST_FORWARD_RESOLUTION * step));
    if (steps <= 1) {
      // Within the last FAST_FORWARD_RESOLUTION steps of the target: ordinary steps from here on.
      this.fastTarget = undefined;
      return at + step;
    }
    return at + steps * step;
  }

  /**
   * Charges an account's trading counter on a pair (Kraken's order-entry limit, shared by every
   * transport). True when within the limit or when trading limits are off.
   */
  chargeTrading(account: { name: string; spec: { tier: VerificationTier } }, symbol: string, cost: number, now: number): boolean {
    const l = this.trading.conditions.rateLimits(now).trading;
    if (!l) return true;
    const limit: CounterLimit = { ...TRADING_LIMITS[account.spec.tier], ...definedOnly(l) };
    return this.limiter.charge(`trade/${account.name}/${symbol}`, cost, limit, now);
  }

  market(symbol: string): Market | undefined {
    return this.markets.get(symbol);
  }

  /**
   * Issues a WebSocket token for an account (GetWebSocketsToken), valid for 15 minutes from `now`
   * unless used. Expired tokens are dropped here, so the map stays small.
   */
  issueToken(account: string, now: number): string {
    for (const [t, v] of this.tokens) if (v.expiresAt <= now) this.tokens.delete(t);
    const token = Buffer.from(Array.from({ length: 32 }, () => this.tokenRng.int(0, 255))).toString('base64').replace(/=+$/, '');
    this.tokens.set(token, { account, expiresAt: now + TOKEN_TTL_MS });
    return token;
  }
}

/** An override object without its undefined fields (so it does not erase defaults when spread). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
