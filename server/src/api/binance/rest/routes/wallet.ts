import { ASSETS, type Asset } from '../../../../exchange/assets.js';
import type { Exchange } from '../../../../exchange/exchange.js';
import { feeRate } from '../../../../exchange/settlement.js';
import { binanceAsset, binanceSymbol } from '../../names.js';
import { success, type Route } from '../route.js';
import { num, padded, stepOf } from '../wire.js';

/**
 * The network Binance lists each asset's deposits and withdrawals on (its own chain, ERC20 tokens on
 * ETH). UNCONFIRMED for fiat: Binance's bank rails are named here by the core's method (SWIFT, SEPA).
 */
const NETWORKS: Readonly<Record<string, string>> = {
  BTC: 'BTC', ETH: 'ETH', SOL: 'SOL', DOGE: 'DOGE', LTC: 'LTC', USDT: 'ETH', USDC: 'ETH', USD: 'SWIFT', EUR: 'SEPA',
};

/** One `capital/config/getall` entry: the asset, and its one network with deposits/withdrawals enabled as the funding conditions say now. */
function coinInfo(ex: Exchange, a: Asset, now: number): Record<string, unknown> {
  const funding = ex.trading.conditions.funding(a.code, now);
  const deposit = funding.deposits === 'credit' && funding.addresses === 'enabled';
  const withdraw = funding.withdrawals === 'process';
  const coin = binanceAsset(a.code);
  const network = NETWORKS[a.code] ?? coin;
  return {
    coin, name: a.name, depositAllEnable: deposit, withdrawAllEnable: withdraw,
    // Balances are per account on Binance; this answer is about the asset, so they are written as zero here.
    free: '0', locked: '0', freeze: '0', withdrawing: '0', ipoing: '0', ipoable: '0', storage: '0',
    isLegalMoney: a.kind === 'fiat', trading: true,
    networkList: [{
      network, coin, name: a.funding.method, isDefault: true, depositEnable: deposit, withdrawEnable: withdraw,
      withdrawFee: padded(a.funding.withdrawFee), withdrawMin: padded(a.funding.withdrawMinimum), withdrawMax: '9999999999.99999999',
      depositDust: padded(a.funding.depositMinimum), withdrawIntegerMultiple: stepOf(Math.min(a.decimals, 8)),
      minConfirm: a.funding.confirmations, unLockConfirm: 0, sameAddress: false, busy: false, resetAddressStatus: false,
      depositDesc: deposit ? '' : 'Wallet Maintenance, Deposit Suspended', withdrawDesc: withdraw ? '' : 'Wallet Maintenance, Withdrawal Suspended',
      specialTips: '', addressRegex: '', memoRegex: '', estimatedArrivalTime: Math.round((a.funding.blockMs * a.funding.confirmations) / 60_000),
    }],
  };
}

/**
 * The wallet (`/sapi/v1`) endpoints ccxt calls by default: system status (maintenance when the
 * whole exchange is in maintenance; a single pair's mode does not change it), every coin's funding
 * configuration (what `fetchCurrencies` reads) and the account's trading fees per symbol.
 */
export const walletRoutes: Route[] = [
  {
    security: 'NONE', method: 'GET', path: '/sapi/v1/system/status', weight: () => 1,
    handle: ({ exchange, now }) => success(exchange.trading.conditions.mode(undefined, now) === 'maintenance'
      ? { status: 1, msg: 'system_maintenance' } : { status: 0, msg: 'normal' }),
  },
  {
    security: 'SIGNED', method: 'GET', path: '/sapi/v1/capital/config/getall', weight: () => 10,
    handle: ({ exchange, now }) => success(ASSETS.map((a) => coinInfo(exchange, a, now))),
  },
  {
    security: 'SIGNED', method: 'GET', path: '/sapi/v1/asset/tradeFee', weight: () => 1,
    handle: ({ params, exchange, account }) => {
      const chosen = params.str('symbol') === undefined ? [...exchange.markets.values()] : [params.market(exchange)];
      const maker = num(feeRate(account, true));
      const taker = num(feeRate(account, false));
      return success(chosen.map((m) => ({ symbol: binanceSymbol(m.spec), makerCommission: maker, takerCommission: taker })));
    },
  },
];
