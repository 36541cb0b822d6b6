import { fake } from '../clock/fake.js';
import type { Rng } from '../clock/rng.js';
import type { Account } from './account.js';
import { assetByCode, type Asset } from './assets.js';
import { type Dec, dec, round } from './decimal.js';
import type { IdSource } from './ids.js';
import type { Scheduler } from './scheduler.js';
import { refuse, type Result } from './types.js';
import { CALM, type Conditions } from './conditions.js';

export type FundingStatus = 'Initial' | 'Pending' | 'Settled' | 'Success' | 'Failure';

/** A deposit: seen on chain (or from the bank), credited once it has its confirmations. */
export interface Deposit {
  refid: string;
  account: string;
  asset: string;
  method: string;
  amount: Dec;
  fee: Dec;
  txid: string;
  address: string;
  time: number;
  status: FundingStatus;
  creditedAt: number | undefined;
}

/** A withdrawal: debited at once (amount + fee), then broadcast and confirmed, or failed and refunded. */
export interface Withdrawal {
  refid: string;
  account: string;
  asset: string;
  method: string;
  key: string;
  address: string;
  /** Net amount sent (requested amount minus fee). */
  amount: Dec;
  fee: Dec;
  txid: string;
  time: number;
  status: FundingStatus;
  statusProp: 'cancel-pending' | 'canceled' | 'cancel-denied' | 'return' | 'onhold' | undefined;
}

/** How long an asset's transfers take to gain their confirmations (ms). */
const confirmationsMs = (asset: Asset): number => asset.funding.confirmations * asset.funding.blockMs;

/** Time from request to broadcast of a withdrawal in calm conditions. */
export const WITHDRAW_BROADCAST_MS = 5_000;

/**
 * Deposits and withdrawals in calm conditions: deposits gain confirmations block by block and are
 * credited (ledger `deposit`); withdrawals go Initial → Pending → Success with a seeded tx hash, or
 * Failure with the funds returned. Addresses and hashes come from a seeded faker, so they replay.
 */
export class Funding {
  readonly deposits: Deposit[] = [];
  readonly withdrawals: Withdrawal[] = [];
  private readonly addresses = new Map<string, string[]>();

  constructor(
    private readonly accounts: ReadonlyMap<string, Account>,
    private readonly ids: IdSource,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    /** The funding policy in force (the scenario's phase); normal by default. */
    private readonly conditions: () => Conditions = () => CALM,
  ) {}

  /** Deposit addresses as a client asks for them: refused while the policy disables them. */
  requestAddresses(account: string, asset: Asset, fresh: boolean, now: number): Result<{ addresses: { address: string; isNew: boolean }[] }> {
    const policy = this.conditions().funding(asset.code, now);
    if (policy.addresses === 'disabled') return refuse('policy', policy.rejectWith);
    return { ok: true, addresses: this.depositAddresses(account, asset, fresh) };
  }

  /** Deposit addresses of an account for an asset; `fresh` adds a new one first. */
  depositAddresses(account: string, asset: Asset, fresh: boolean): { address: string; isNew: boolean }[] {
    const key = `${account}/${asset.code}`;
    const list = this.addresses.get(key) ?? [];
    let made: string | undefined;
    if (fresh || list.length === 0) {
      made = this.address(asset);
      list.unshift(made);
      this.addresses.set(key, list);
    }
    return list.map((address) => ({ address, isNew: address === made }));
  }

  /**
   * Records an incoming deposit (as if seen on chain now); it is credited after the asset's
   * confirmations × block interval (`instant`: at once, e.g. funding by the control API). Made
   * while deposits are delayed, it waits for the end of the whole outage, then its confirmations
   * (never, if the outage never ends). Returns the deposit.
   */
  deposit(accountName: string, asset: Asset, amount: Dec, now: number, opts: { instant?: boolean } = {}): Deposit {
    const address = this.depositAddresses(accountName, asset, false)[0]?.address as string;
    const d: Deposit = {
      refid: this.ids.funding(), account: accountName, asset: asset.code, method: asset.funding.method,
      amount: round(amount, asset.decimals), fee: dec(0), txid: this.txHash(asset), address, time: now,
      status: 'Pending', creditedAt: undefined,
    };
    this.deposits.push(d);
    const due = opts.instant ? now : this.conditions().depositsResume(asset.code, now) + confirmationsMs(asset);
    if (Number.isFinite(due)) this.scheduler.at(due, (at) => this.credit(d, at));
    return d;
  }

  /** Withdraws `amount` (gross, fee included) of an asset to a saved key. */
  withdraw(accountName: string, assetCode: string, keyName: string, amount: Dec, now: number, check: { address?: string | undefined; maxFee?: Dec | undefined }): Result<{ withdrawal: Withdrawal }> {
    const account = this.accounts.get(accountName) as Account;
    const asset = assetByCode(assetCode);
    const key = account.spec.withdrawKeys.find((k) => k.name === keyName && k.asset === asset.code);
    if (!key) return refuse('unknown_withdraw_key');
    if (check.address !== undefined && check.address !== key.address) return refuse('invalid_address');
    const fee = dec(asset.funding.withdrawFee);
    if (check.maxFee !== undefined && fee > check.maxFee) return refuse('max_fee_exceeded');
    const gross = round(amount, asset.decimals);
    if (gross <= fee || gross < dec(asset.funding.withdrawMinimum)) return refuse('invalid_amount');
    if (account.available(asset.code) < gross) return refuse('insufficient_funds');
    const policy = this.conditions().funding(asset.code, now);
    if (policy.withdrawals === 'reject') return refuse('policy', policy.rejectWith);
    const w: Withdrawal = {
      refid: this.ids.funding(), account: accountName, asset: asset.code, method: asset.funding.method, key: key.name,
      address: key.address, amount: gross - fee, fee, txid: '', time: now, status: 'Initial', statusProp: undefined,
    };
    account.post(now, 'withdrawal', w.refid, asset.code, -(gross - fee), fee);
    this.withdrawals.push(w);
    this.scheduler.at(now + WITHDRAW_BROADCAST_MS, (at) => this.broadcast(w, key.outcome, at));
    return { ok: true, withdrawal: w };
  }

  /** Cancels a withdrawal still in Initial (funds return); false when it is too late. */
  cancelWithdrawal(accountName: string, refid: string, now: number): Result<{ cancelled: boolean }> {
    const w = this.withdrawals.find((x) => x.refid === refid && x.account === accountName);
    if (!w) return refuse('unknown_reference');
    if (w.status !== 'Initial' || w.statusProp !== undefined) return { ok: true, cancelled: false };
    w.statusProp = 'canceled';
    w.status = 'Failure';
    this.refund(w, now);
    return { ok: true, cancelled: true };
  }

  private credit(d: Deposit, at: number): void {
    if (d.status !== 'Pending') return;
    const asset = assetByCode(d.asset);
    const resume = this.conditions().depositsResume(d.asset, at);
    if (resume > at) {
      // Seen on chain, but the wallet system is down: credited after the whole outage plus
      // confirmations (never, if the outage never ends).
      if (Number.isFinite(resume)) this.scheduler.at(resume + confirmationsMs(asset), (t) => this.credit(d, t));
      return;
    }
    const account = this.accounts.get(d.account) as Account;
    account.post(at, 'deposit', d.refid, d.asset, d.amount, d.fee);
    d.status = 'Success';
    d.creditedAt = at;
  }

  private broadcast(w: Withdrawal, outcome: 'success' | 'failure', at: number, delayed = false): void {
    if (w.status !== 'Initial' || w.statusProp === 'canceled') return;
    const asset = assetByCode(w.asset);
    const policy = this.conditions().funding(w.asset, at);
    if (policy.withdrawals !== 'process') {
      // Queued: processed after recovery, fiat later still (never, if the outage never ends).
      const release = policy.until + (asset.kind === 'fiat' ? policy.fiatDelayMs : 0);
      if (Number.isFinite(release)) this.scheduler.at(release, (t) => this.broadcast(w, outcome, t, true));
      return;
    }
    // A withdrawal processed after a queue shows the delayed time in its history.
    if (delayed) w.time = at;
    if (outcome === 'failure') {
      w.status = 'Failure';
      this.refund(w, at);
      return;
    }
    w.status = 'Pending';
    w.txid = this.txHash(asset);
    this.scheduler.at(at + confirmationsMs(asset), () => {
      if (w.status === 'Pending') w.status = 'Success';
    });
  }

  private refund(w: Withdrawal, at: number): void {
    const account = this.accounts.get(w.account) as Account;
    account.post(at, 'withdrawal', w.refid, w.asset, w.amount + w.fee, dec(0), 'return');
  }

  private address(asset: Asset): string {
    const base58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    return fake(this.rng, (f) => {
      switch (asset.funding.addressStyle) {
        case 'bitcoin': return f.finance.bitcoinAddress();
        case 'ethereum': return f.finance.ethereumAddress();
        case 'solana': return f.string.fromCharacters(base58, 44);
        case 'dogecoin': return 'D' + f.string.fromCharacters(base58, 33);
        case 'bank': return f.finance.iban();
      }
    });
  }

  private txHash(asset: Asset): string {
    return fake(this.rng, (f) => {
      if (asset.funding.addressStyle === 'bank') return f.string.alphanumeric({ length: 16, casing: 'upper' });
      const hex = f.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' });
      return asset.funding.addressStyle === 'ethereum' ? `0x${hex}` : hex;
    });
  }
}
