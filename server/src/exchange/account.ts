import { assetByCode } from './assets.js';
import { type Dec, round, ZERO } from './decimal.js';
import type { IdSource } from './ids.js';
import type { LedgerEntry, LedgerType } from './types.js';

export type VerificationTier = 'starter' | 'intermediate' | 'pro';
export type Permission = 'query' | 'trade' | 'deposit' | 'withdraw' | 'websocket';
export const ALL_PERMISSIONS: readonly Permission[] = ['query', 'trade', 'deposit', 'withdraw', 'websocket'];

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
 * every balance change. Holds never exceed balances; `post` is the only way a balance moves.
 */
export class Account {
  readonly balances = new Map<string, Dec>();
  readonly holds = new Map<string, Dec>();
  readonly ledger: LedgerEntry[] = [];
  /** Listeners told about every ledger entry as it is posted (WebSocket balances). */
  readonly listeners = new Set<(e: LedgerEntry) => void>();
  /** Largest nonce accepted so far (bigint: nonces are unsigned 64-bit). */
  lastNonce = -1n;

  constructor(readonly spec: AccountSpec, private readonly ids: IdSource) {
    for (const [code, amount] of Object.entries(spec.balances)) this.balances.set(code, amount);
  }

  get name(): string {
    return this.spec.name;
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
    this.ledger.push(entry);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }
}
