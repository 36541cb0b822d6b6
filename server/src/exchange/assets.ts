/**
 * The asset catalog. `code` is the domain name used throughout the engine (BTC, USD, DOGE); a
 * dialect's names for it live in that dialect's own table (api/<dialect>/names.ts).
 */
export interface Asset {
  code: string;
  /** Display name, as status pages and funding menus print it ("Bitcoin", "US Dollar"). */
  name: string;
  kind: 'crypto' | 'fiat' | 'stablecoin';
  /** Ledger precision: balances are kept and printed with this many fractional digits. */
  decimals: number;
  displayDecimals: number;
  funding: FundingInfo;
}

/** Deposit and withdrawal facts per asset, realistic for calm conditions. */
export interface FundingInfo {
  method: string;
  /** Confirmations a deposit needs before it is credited, and the chain's block interval (ms). */
  confirmations: number;
  blockMs: number;
  depositMinimum: string;
  withdrawFee: string;
  withdrawMinimum: string;
  /** How an address looks (fiat uses bank references). */
  addressStyle: 'bitcoin' | 'ethereum' | 'solana' | 'dogecoin' | 'bank';
}

const crypto = (
  code: string, name: string, decimals: number, displayDecimals: number, funding: FundingInfo,
): Asset => ({ code, name, kind: 'crypto', decimals, displayDecimals, funding });

export const ASSETS: readonly Asset[] = [
  crypto('BTC', 'Bitcoin', 10, 5, { method: 'Bitcoin', confirmations: 3, blockMs: 600_000, depositMinimum: '0.00010000', withdrawFee: '0.00015000', withdrawMinimum: '0.00050000', addressStyle: 'bitcoin' }),
  crypto('ETH', 'Ethereum', 10, 5, { method: 'Ether (Hex)', confirmations: 70, blockMs: 12_000, depositMinimum: '0.00100000', withdrawFee: '0.00120000', withdrawMinimum: '0.00500000', addressStyle: 'ethereum' }),
  crypto('SOL', 'Solana', 10, 5, { method: 'Solana', confirmations: 32, blockMs: 400, depositMinimum: '0.01000000', withdrawFee: '0.00100000', withdrawMinimum: '0.05000000', addressStyle: 'solana' }),
  crypto('DOGE', 'Dogecoin', 8, 2, { method: 'Dogecoin', confirmations: 40, blockMs: 60_000, depositMinimum: '10.00000000', withdrawFee: '4.00000000', withdrawMinimum: '50.00000000', addressStyle: 'dogecoin' }),
  crypto('LTC', 'Litecoin', 10, 5, { method: 'Litecoin', confirmations: 12, blockMs: 150_000, depositMinimum: '0.00100000', withdrawFee: '0.00150000', withdrawMinimum: '0.00500000', addressStyle: 'bitcoin' }),
  {
    code: 'USDT', name: 'Tether USD', kind: 'stablecoin', decimals: 8, displayDecimals: 4,
    funding: { method: 'Tether USD (ERC20)', confirmations: 70, blockMs: 12_000, depositMinimum: '5.00000000', withdrawFee: '2.50000000', withdrawMinimum: '10.00000000', addressStyle: 'ethereum' },
  },
  {
    code: 'USDC', name: 'USDC', kind: 'stablecoin', decimals: 8, displayDecimals: 4,
    funding: { method: 'USDC (ERC20)', confirmations: 70, blockMs: 12_000, depositMinimum: '5.00000000', withdrawFee: '2.50000000', withdrawMinimum: '10.00000000', addressStyle: 'ethereum' },
  },
  {
    code: 'USD', name: 'US Dollar', kind: 'fiat', decimals: 4, displayDecimals: 2,
    funding: { method: 'Bank Frick (SWIFT)', confirmations: 1, blockMs: 86_400_000, depositMinimum: '10.0000', withdrawFee: '35.0000', withdrawMinimum: '10.0000', addressStyle: 'bank' },
  },
  {
    code: 'EUR', name: 'Euro', kind: 'fiat', decimals: 4, displayDecimals: 2,
    funding: { method: 'SEPA', confirmations: 1, blockMs: 86_400_000, depositMinimum: '1.0000', withdrawFee: '0.3500', withdrawMinimum: '1.0000', addressStyle: 'bank' },
  },
];

const byCode = new Map(ASSETS.map((a) => [a.code, a]));

/** The asset with this domain code; throws for an unknown code (a programming error). */
export function assetByCode(code: string): Asset {
  const a = byCode.get(code);
  if (!a) throw new RangeError(`unknown asset code ${code}`);
  return a;
}

/**
 * The asset with this domain code (BTC, usd), case-insensitive. A dialect's own spellings (Kraken's
 * XBT, ZUSD) are its table's to resolve; user-written names go through scenario/names.ts.
 */
export function findAsset(name: string): Asset | undefined {
  return byCode.get(name.toUpperCase());
}
