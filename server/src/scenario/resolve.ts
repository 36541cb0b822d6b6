import { fakeLater } from '../clock/fake.js';
import { parseDuration } from '../clock/duration.js';
import { Rng } from '../clock/rng.js';
import { ALL_PERMISSIONS, type AccountSpec, type WithdrawKey } from '../exchange/account.js';
import { ASSETS, type Asset } from '../exchange/assets.js';
import { parseDec } from '../exchange/decimal.js';
import type { ExchangeConfig } from '../exchange/exchange.js';
import { DEFAULT_BOOK_DEPTH, type MarketSettings } from '../exchange/market.js';
import { DEFAULT_PAIRS, type PairSpec } from '../exchange/pairs.js';
import type { AccountDecl, Scenario } from './schema.js';
import { assetNamed, pairNamed } from './names.js';

/** Default simulated start for the manual clock: fixed, so manual-clock runs replay byte for byte. */
export const DEFAULT_MANUAL_START = Date.UTC(2026, 0, 1);

/** Balances of the account created when a scenario declares none. */
export const DEFAULT_BALANCES: Record<string, string> = {
  USD: '100000', BTC: '2', ETH: '25', USDT: '50000', SOL: '300', DOGE: '100000',
};

/**
 * Turns a validated scenario into the exchange's configuration: pairs with their model settings,
 * accounts with keys and secrets (generated from the seed when not declared; the first account's
 * replaced by `credentials` when given), the start time.
 */
export function resolveScenario(scenario: Scenario, opts: { seed?: string | number | undefined; startTime: number; credentials?: { key: string; secret: string } | undefined }): ExchangeConfig {
  const seed = opts.seed ?? scenario.seed ?? 1;
  const rng = new Rng(seed).fork('accounts');
  const pairs = resolvePairs(scenario);
  const decls: AccountDecl[] = scenario.accounts?.length ? scenario.accounts : [{ name: 'default', feeTier: 0, tier: 'intermediate', nonceWindow: 0 }];
  const accounts = decls.map((d) => resolveAccount(d, rng, !scenario.accounts?.length));
  // Fixed credentials replace the first account's after every account drew from the seed, so the others keep theirs.
  if (opts.credentials) accounts[0] = { ...accounts[0]!, ...opts.credentials };
  return { seed, startTime: opts.startTime, stepMs: parseDuration(scenario.market?.step ?? '1s') as number, pairs, accounts };
}

function resolvePairs(scenario: Scenario): { spec: PairSpec; settings: MarketSettings }[] {
  const declared = scenario.market?.pairs ?? Object.fromEntries(DEFAULT_PAIRS.map((p) => [p, null]));
  return Object.entries(declared).map(([name, s]) => {
    const spec = pairNamed(name) as PairSpec;
    return {
      spec,
      settings: {
        price: s?.price ?? spec.model.price,
        volatility: s?.volatility ?? spec.model.volatility,
        drift: s?.drift ?? 0,
        tradeRate: s?.tradeRate ?? 0.8,
        levelSize: s?.levelSize ?? spec.model.levelSize,
        depth: s?.depth ?? DEFAULT_BOOK_DEPTH,
      },
    };
  });
}

function resolveAccount(d: AccountDecl, rng: Rng, isDefault: boolean): AccountSpec {
  const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => rng.int(0, 255)));
  const key = d.key ?? bytes(42).toString('base64');
  const secret = d.secret ?? bytes(64).toString('base64');
  const balances: AccountSpec['balances'] = {};
  const declared = d.balances ?? (isDefault ? DEFAULT_BALANCES : {});
  for (const [name, amount] of Object.entries(declared)) {
    balances[(assetNamed(name) as Asset).code] = parseDec(String(amount)) as bigint;
  }
  const withdrawKeys: WithdrawKey[] = (d.withdrawKeys ?? defaultWithdrawKeys()).map((k) => {
    const asset = assetNamed(k.asset) as Asset;
    const base = { name: k.name, asset: asset.code, outcome: k.outcome ?? 'success' as const };
    if (k.address !== undefined) return { ...base, address: k.address };
    // Made on first read, so start-up does not load faker; the seed is drawn here all the same.
    const address = addressFor(asset, rng);
    return { ...base, get address() { return address(); } };
  });
  return {
    name: d.name, key, secret, balances, feeTier: d.feeTier ?? 0, tier: d.tier ?? 'intermediate', otp: d.otp,
    nonceWindow: d.nonceWindow ?? 0, permissions: d.permissions ?? ALL_PERMISSIONS, withdrawKeys,
  };
}

function defaultWithdrawKeys(): { name: string; asset: string; address?: string; outcome: 'success' }[] {
  return ASSETS.map((a) => ({ name: `${a.code.toLowerCase()}-${a.kind === 'fiat' ? 'bank' : 'wallet'}-1`, asset: a.code, outcome: 'success' }));
}

function addressFor(asset: Asset, rng: Rng): () => string {
  return fakeLater(rng, (f) => {
    switch (asset.funding.addressStyle) {
      case 'bitcoin': return f.finance.bitcoinAddress();
      case 'ethereum': return f.finance.ethereumAddress();
      case 'bank': return f.finance.iban();
      default: return f.string.alphanumeric(40);
    }
  });
}
