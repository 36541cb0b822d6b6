import { createHash } from 'node:crypto';
import { ASSETS } from '../../../../exchange/assets.js';
import { dec, fmt, mul, ZERO } from '../../../../exchange/decimal.js';
import { feeRate } from '../../../../exchange/settlement.js';
import { binanceAsset, binanceSymbol } from '../../names.js';
import { invalidValue, REJECTED_KEY, Refusal } from '../errors.js';
import { success, type Route } from '../route.js';
import { num } from '../wire.js';

const ZERO_RATE = num(ZERO);

/** A stable numeric `uid` for an account name (Binance's is an integer id; ours only needs to be steady). */
const uidOf = (name: string): number => createHash('sha256').update(name).digest().readUInt32BE(0);

/** Binance's four rates with buyer/seller at zero (the core charges by maker/taker only). */
const rates = (maker: string, taker: string): Record<string, string> => ({ maker, taker, buyer: ZERO_RATE, seller: ZERO_RATE });

/**
 * `GET /api/v3/account` (USER_DATA): commission rates from the account's fee tier, and every asset's
 * free and locked balance. `GET /api/v3/account/commission`: the same tier's rates for one symbol,
 * with no special or tax rate and no BNB discount (the core has neither).
 */
export const accountRoutes: Route[] = [
  {
    security: 'SIGNED', method: 'GET', path: '/api/v3/account/commission', weight: () => 20,
    handle: ({ params, exchange, account }) => {
      const m = params.market(exchange);
      return success({
        symbol: binanceSymbol(m.spec),
        standardCommission: rates(num(feeRate(account, true)), num(feeRate(account, false))),
        specialCommission: rates(ZERO_RATE, ZERO_RATE), taxCommission: rates(ZERO_RATE, ZERO_RATE),
        discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: ZERO_RATE },
      });
    },
  },
  {
    security: 'SIGNED', method: 'GET', path: '/api/v3/account', weight: () => 20,
    handle: ({ params, account }) => {
      // A key without the query permission may not read its account: Binance's "permissions for action".
      if (!account.spec.permissions.includes('query')) return { ok: false, error: REJECTED_KEY };
      const omit = params.str('omitZeroBalances') ?? 'false';
      if (omit !== 'true' && omit !== 'false') throw new Refusal(invalidValue('omitZeroBalances'));
      const maker = feeRate(account, true);
      const taker = feeRate(account, false);
      const bps = (rate: bigint): number => Number(fmt(mul(rate, dec(10_000)), 0));
      const balances = ASSETS.map((a) => ({ asset: binanceAsset(a.code), free: num(account.available(a.code)), locked: num(account.held(a.code)) }))
        .filter((b) => omit === 'false' || b.free !== ZERO_RATE || b.locked !== ZERO_RATE);
      const can = (p: 'trade' | 'withdraw' | 'deposit'): boolean => account.spec.permissions.includes(p);
      return success({
        makerCommission: bps(maker), takerCommission: bps(taker), buyerCommission: 0, sellerCommission: 0,
        commissionRates: rates(num(maker), num(taker)),
        canTrade: can('trade'), canWithdraw: can('withdraw'), canDeposit: can('deposit'), brokered: false,
        requireSelfTradePrevention: false, preventSor: false, updateTime: account.ledger[account.ledger.length - 1]?.time ?? 0,
        accountType: 'SPOT', balances, permissions: ['SPOT'], uid: uidOf(account.name),
      });
    },
  },
];
