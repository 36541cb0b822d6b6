import { assetByCode } from './assets.js';
import { type Dec, round, ZERO } from './decimal.js';
import type { IdSource } from './ids.js';
import type { LedgerEntry, LedgerType } from './types.js';

export type VerificationTier = 'starter' | 'intermediate' | 'pro';
export type Permission = 'query' | 'trade' | 'deposit' | 'withdraw' | 'websocket';
export const ALL_PERMISSIONS: readonly Permission[] = ['query', 'trade', 'deposit', 'withdraw', 'websocket'];

/**
 * History kept by default: ended orders (with their fills) exchange-wide, and ledger entries per
 * account. As many as the request journal keeps entries by default, so that an order placed by any
 * AddOrder the journal still holds is still there for the verdict and the dashboard; about three
 * hours of a bot placing an order a second, in about 9 MiB of heap (50,000 took 58 MiB with the
 * larger records of before).
 */
export const DEFAULT_HISTORY = 10_000;

/** A withdrawal destination saved under a name (Kraken's withdrawal "key"). */
export interface WithdrawKey {
  name: string;
  asset: string;
  address: string;
  /** 'failure' makes every withdrawal to this key end in Failure (funds returned). */
  outcome: 'success' | 'failure';
}

/** What a scenario declares about an account (already validated). */
export interface AccountSpec {
  name: string;
  key: string;
  /** Base64 API secret. */
  secret: string;
  balances: Record<string, Dec>;
  feeTier: number;
  tier: VerificationTier;
  otp: string | undefined;
  /** Tolerated nonce regression, in nonce units (0 = strictly increasing). */
  nonceWindow: number;
  permissions: readonly Permission[];
  withdrawKeys: WithdrawKey[];
}

/**
 * An account's money: balances and holds per asset (domain codes), and the ledger that explains
 * every balance change. Holds never exceed balances; `post` is the only way a balance moves. The
 * ledger keeps the latest `ledgerLimit` entries; older ones are forgotten, their effect carried in
 * `opening`, so the entries kept still explain every balance.
 */
export class Account {
  readonly balances = new Map<string, Dec>();
  readonly holds = new Map<string, Dec>();
  /** Per asset, the balance before the oldest ledger entry kept: the scenario's balance until entries are forgotten. */
  readonly opening = new Map<string, Dec>();
  /** Ledger entries forgotten so far, and the ids (first 10) of any whose balance did not follow from the one before (a bug). */
  readonly forgotten = { entries: 0, unexplained: [] as string[] };
  /** Listeners told about every ledger entry as it is posted (WebSocket balances). */
  readonly listeners = new Set<(e: LedgerEntry) => void>();
  /** Largest nonce accepted so far (bigint: nonces are unsigned 64-bit). */
  lastNonce = -1n;
  private limit = DEFAULT_HISTORY;
  /** Entries, of which the first `head` are forgotten and dropped from the array in batches (shifting one at a time costs O(n)). */
  private readonly entries: LedgerEntry[] = [];
  private head = 0;

  constructor(readonly spec: AccountSpec, private readonly ids: IdSource) {
    for (const [code, amount] of Object.entries(spec.balances)) {
      this.balances.set(code, amount);
      this.opening.set(code, amount);
    }
  }

  get name(): string {
    return this.spec.name;
  }

  /** The ledger entries kept, oldest first: at most `ledgerLimit`. */
  get ledger(): readonly LedgerEntry[] {
    this.compact();
    return this.entries;
  }

  /** How many ledger entries are kept before the oldest are forgotten (a positive integer). */
  get ledgerLimit(): number {
    return this.limit;
  }

  set ledgerLimit(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`ledger limit must be a positive integer, got ${n}`);
    this.limit = n;
    this.forget();
  }

  balance(asset: string): Dec {
    return this.balances.get(asset) ?? ZERO;
  }

  held(asset: string): Dec {
    return this.holds.get(asset) ?? ZERO;
  }

  available(asset: string): Dec {
    return this.balance(asset) - this.held(asset);
  }

  hold(asset: string, amount: Dec): void {
    this.holds.set(asset, this.held(asset) + amount);
  }

  release(asset: string, amount: Dec): void {
    const left = this.held(asset) - amount;
    if (left < 0n) throw new Error(`release of ${amount} ${asset} exceeds the hold on ${this.name}`);
    if (left === 0n) this.holds.delete(asset);
    else this.holds.set(asset, left);
  }

  /**
   * Records a balance change: the balance moves by `amount − fee` (both rounded to the asset's
   * precision) and a ledger entry with the resulting balance is appended. Returns the entry.
   */
  post(time: number, type: LedgerType, refid: string, asset: string, amount: Dec, fee: Dec = ZERO, subtype = ''): LedgerEntry {
    const places = assetByCode(asset).decimals;
    const a = round(amount, places);
    const f = round(fee, places);
    const balance = this.balance(asset) + a - f;
    this.balances.set(asset, balance);
    const entry: LedgerEntry = { id: this.ids.ledger(), refid, time, type, subtype, asset, amount: a, fee: f, balance };
    this.entries.push(entry);
    this.forget();
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Forgets the oldest entries beyond the limit, moving each one's balance into `opening` after checking it chains. */
  private forget(): void {
    while (this.entries.length - this.head > this.limit) {
      const e = this.entries[this.head++] as LedgerEntry;
      const before = this.opening.get(e.asset) ?? ZERO;
      if (before + e.amount - e.fee !== e.balance && this.forgotten.unexplained.length < 10) this.forgotten.unexplained.push(e.id);
      this.opening.set(e.asset, e.balance);
      this.forgotten.entries++;
    }
    // At most an eighth of the limit of forgotten entries stays referenced; dropping them costs O(limit) once per limit/8 posts.
    if (this.head > 0 && this.head * 8 >= this.limit) this.compact();
  }

  private compact(): void {
    if (this.head === 0) return;
    this.entries.splice(0, this.head);
    this.head = 0;
  }
}
