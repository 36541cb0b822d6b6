import { ASSETS, findAsset, type Asset } from '../../../../exchange/assets.js';
import { dec, ZERO } from '../../../../exchange/decimal.js';
import type { Deposit, Withdrawal } from '../../../../exchange/funding.js';
import { InvalidArgument, type Params } from '../params.js';
import { failure, success, type Route } from '../route.js';
import { assetId, fmtAsset, refusalText } from '../wire.js';
import { assetByKrakenName, krakenAssetOf } from '../../names.js';

/** The required `asset` argument; a Kraken error string for an unknown asset. */
function assetArg(params: Params, required = true): Asset | string | undefined {
  const name = required ? params.str('asset') : params.optStr('asset');
  if (name === undefined) return undefined;
  return assetByKrakenName(name) ?? 'EFunding:Unknown asset';
}

const network = (a: Asset): string => (a.kind === 'fiat' ? a.funding.method : a.funding.method.replace(/ \(.*\)$/, ''));

function depositView(d: Deposit): Record<string, unknown> {
  return {
    method: d.method, aclass: 'currency', asset: assetId(d.asset), refid: d.refid, txid: d.txid, info: d.address,
    amount: fmtAsset(d.asset, d.amount), fee: fmtAsset(d.asset, d.fee), time: Math.floor(d.time / 1000), status: d.status,
  };
}

function withdrawalView(w: Withdrawal): Record<string, unknown> {
  const asset = findAsset(w.asset)!;
  return {
    method: w.method, network: network(asset), aclass: 'currency', asset: assetId(w.asset), refid: w.refid, txid: w.txid,
    info: w.address, amount: fmtAsset(w.asset, w.amount), fee: fmtAsset(w.asset, w.fee), time: Math.floor(w.time / 1000),
    status: w.status, ...(w.statusProp ? { 'status-prop': w.statusProp } : {}), key: w.key,
  };
}

/** History filters shared by DepositStatus and WithdrawStatus: asset, method, start/end (unix s). */
function historyFilter(params: Params): ((x: { asset: string; method: string; time: number }) => boolean) | string {
  const asset = assetArg(params, false);
  if (typeof asset === 'string') return asset;
  const method = params.optStr('method');
  const start = params.time('start') ?? -Infinity;
  const end = params.time('end') ?? Infinity;
  return (x) => (!asset || x.asset === asset.code) && (!method || x.method === method) && x.time >= start && x.time <= end;
}

/** Funding methods: deposit methods/addresses/status, withdrawal info, requests, status and cancel. */
export const fundingRoutes: Route[] = [
  {
    id: 'DepositMethods', visibility: 'private', permission: 'deposit',
    handle: ({ params }) => {
      const a = assetArg(params);
      if (typeof a === 'string' || !a) return failure(a ?? 'EFunding:Unknown asset');
      return success([{
        method: a.funding.method, limit: false, fee: fmtAsset(a.code, ZERO), 'gen-address': a.kind !== 'fiat', minimum: a.funding.depositMinimum,
      }]);
    },
  },
  {
    id: 'DepositAddresses', visibility: 'private', permission: 'deposit',
    handle: ({ params, account, exchange, now }) => {
      const a = assetArg(params);
      if (typeof a === 'string' || !a) return failure(a ?? 'EFunding:Unknown asset');
      if (params.str('method') !== a.funding.method || a.kind === 'fiat') return failure('EFunding:No funding method');
      const r = exchange.funding.requestAddresses(account.name, a, params.bool('new'), now);
      if (!r.ok) return failure(refusalText(r));
      return success(r.addresses.map((x) => ({ address: x.address, expiretm: '0', ...(x.isNew ? { new: true } : {}) })));
    },
  },
  {
    id: 'DepositStatus', visibility: 'private', permission: 'deposit',
    handle: ({ params, account, exchange }) => {
      const keep = historyFilter(params);
      if (typeof keep === 'string') return failure(keep);
      const limit = params.int('limit', 1, 1000) ?? 25;
      const list = exchange.funding.deposits.filter((d) => d.account === account.name && keep(d)).reverse().slice(0, limit).map(depositView);
      return success(params.has('cursor') ? { deposit: list, next_cursor: null } : list);
    },
  },
  {
    id: 'WithdrawMethods', visibility: 'private', permission: 'withdraw',
    handle: ({ params }) => {
      const a = assetArg(params, false);
      if (typeof a === 'string') return failure(a);
      return success((a ? [a] : ASSETS).map((x) => ({ asset: krakenAssetOf(x.code).id, method: x.funding.method, network: network(x), minimum: x.funding.withdrawMinimum })));
    },
  },
  {
    id: 'WithdrawAddresses', visibility: 'private', permission: 'withdraw',
    handle: ({ params, account }) => {
      const a = assetArg(params, false);
      if (typeof a === 'string') return failure(a);
      const key = params.optStr('key');
      const keys = account.spec.withdrawKeys.filter((k) => (!a || k.asset === a.code) && (!key || k.name === key));
      return success(keys.map((k) => {
        const asset = findAsset(k.asset)!;
        return { address: k.address, asset: krakenAssetOf(asset.code).id, method: asset.funding.method, key: k.name, verified: true };
      }));
    },
  },
  {
    id: 'WithdrawInfo', visibility: 'private', permission: 'withdraw',
    handle: ({ params, account }) => {
      const a = assetArg(params);
      if (typeof a === 'string' || !a) return failure(a ?? 'EFunding:Unknown asset');
      const keyName = params.str('key');
      const amount = params.dec('amount');
      if (amount === undefined) throw new InvalidArgument('amount');
      if (!account.spec.withdrawKeys.some((k) => k.name === keyName && k.asset === a.code)) return failure('EFunding:Unknown withdraw key');
      const fee = dec(a.funding.withdrawFee);
      if (amount <= fee) return failure('EFunding:Invalid amount');
      return success({
        method: a.funding.method, limit: fmtAsset(a.code, account.available(a.code)),
        amount: fmtAsset(a.code, amount - fee), fee: fmtAsset(a.code, fee),
      });
    },
  },
  {
    id: 'Withdraw', visibility: 'private', permission: 'withdraw',
    handle: ({ params, account, exchange, now }) => {
      const a = assetArg(params);
      if (typeof a === 'string' || !a) return failure(a ?? 'EFunding:Unknown asset');
      const amount = params.dec('amount');
      if (amount === undefined) throw new InvalidArgument('amount');
      const r = exchange.funding.withdraw(account.name, a.code, params.str('key'), amount, now, {
        address: params.optStr('address'), maxFee: params.dec('max_fee'),
      });
      return r.ok ? success({ refid: r.withdrawal.refid }, { funding: [r.withdrawal.refid] }) : failure(refusalText(r));
    },
  },
  {
    id: 'WithdrawStatus', visibility: 'private', permission: 'withdraw',
    handle: ({ params, account, exchange }) => {
      const keep = historyFilter(params);
      if (typeof keep === 'string') return failure(keep);
      const limit = params.int('limit', 1, 1000) ?? 500;
      const list = exchange.funding.withdrawals.filter((w) => w.account === account.name && keep(w)).reverse().slice(0, limit).map(withdrawalView);
      return success(params.has('cursor') && params.optStr('cursor') !== 'false' ? { withdrawals: list, next_cursor: null } : list);
    },
  },
  {
    id: 'WithdrawCancel', visibility: 'private', permission: 'withdraw',
    handle: ({ params, account, exchange, now }) => {
      const a = assetArg(params);
      if (typeof a === 'string' || !a) return failure(a ?? 'EFunding:Unknown asset');
      const refid = params.str('refid');
      const r = exchange.funding.cancelWithdrawal(account.name, refid, now);
      if (!r.ok) return failure(refusalText(r));
      return success(r.cancelled, r.cancelled ? { funding: [refid] } : undefined);
    },
  },
];
