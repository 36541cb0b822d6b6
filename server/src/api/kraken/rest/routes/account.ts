import { ZERO } from '../../../../exchange/decimal.js';
import type { Exchange } from '../../../../exchange/exchange.js';
import type { Order } from '../../../../exchange/types.js';
import { InvalidArgument, type Params } from '../params.js';
import { failure, success, type Route } from '../route.js';
import { fillView, ledgerView, orderView, valueIn } from '../views.js';
import { FEE_SCHEDULE } from '../../../../exchange/pairs.js';
import { assetId, fmtAsset, marketFor } from '../wire.js';
import { assetByKrakenName, krakenPairOf } from '../../names.js';

const PAGE = 50;

/** `start`/`end` arguments: unix seconds or an id whose time is used (exclusive bounds). */
function bounds(params: Params, timeOf: (id: string) => number | undefined): { start: number; end: number } {
  const one = (name: string, fallback: number): number => {
    const raw = params.optStr(name);
    if (raw === undefined) return fallback;
    if (/^\d{1,12}(\.\d{1,9})?$/.test(raw)) return Number(raw) * 1000;
    const t = timeOf(raw);
    if (t === undefined) throw new InvalidArgument(name);
    return t;
  };
  return { start: one('start', -Infinity), end: one('end', Infinity) };
}

const ordersOf = (ex: Exchange, account: string): Order[] => [...ex.trading.orders.values()].filter((o) => o.account === account);

/** Account-data methods: balances, orders, trades and ledgers of the calling account. */
export const accountRoutes: Route[] = [
  {
    id: 'Balance', visibility: 'private', permission: 'query',
    handle: ({ account }) => success(Object.fromEntries([...account.balances].map(([code, b]) => [assetId(code), fmtAsset(code, b)]))),
  },
  {
    id: 'BalanceEx', visibility: 'private', permission: 'query',
    handle: ({ account }) => success(Object.fromEntries([...account.balances].map(([code, b]) => [
      assetId(code), { balance: fmtAsset(code, b), hold_trade: fmtAsset(code, account.held(code)) },
    ]))),
  },
  {
    id: 'TradeBalance', visibility: 'private', permission: 'query',
    handle: ({ params, account, exchange }) => {
      const asset = assetByKrakenName(params.optStr('asset') ?? 'ZUSD');
      if (!asset) return failure('EQuery:Unknown asset');
      let eb = ZERO;
      for (const [code, b] of account.balances) eb += valueIn(exchange, code, asset.code, b) ?? ZERO;
      const z = fmtAsset(asset.code, ZERO);
      const e = fmtAsset(asset.code, eb);
      return success({ eb: e, tb: e, m: z, n: z, c: z, v: z, e, mf: e, uv: z });
    },
  },
  {
    id: 'OpenOrders', visibility: 'private', permission: 'query',
    handle: ({ params, account, exchange }) => {
      const withTrades = params.bool('trades');
      const userref = params.int('userref');
      const clOrdId = params.optStr('cl_ord_id');
      // The live list, not the history: bots poll OpenOrders often, and the history holds up to --order-history ended orders.
      const open = [...exchange.trading.liveOrders()].filter((o) => o.account === account.name &&
        (userref === undefined || o.userref === userref) && (clOrdId === undefined || o.clOrdId === clOrdId));
      return success({ open: Object.fromEntries(open.reverse().map((o) => [o.id, orderView(exchange, o, withTrades)])) });
    },
  },
  {
    id: 'ClosedOrders', visibility: 'private', permission: 'query',
    handle: ({ params, account, exchange }) => {
      const withTrades = params.bool('trades');
      const userref = params.int('userref');
      const clOrdId = params.optStr('cl_ord_id');
      const closetime = params.optStr('closetime') ?? 'both';
      if (!['open', 'close', 'both'].includes(closetime)) throw new InvalidArgument('closetime');
      const { start, end } = bounds(params, (id) => exchange.trading.orders.get(id)?.openedAt);
      const ofs = params.int('ofs', 0) ?? 0;
      const inRange = (t: number | undefined): boolean => t !== undefined && t > start && t < end;
      const closed = ordersOf(exchange, account.name)
        .filter((o) => o.status !== 'open' && o.status !== 'pending')
        .filter((o) => (userref === undefined || o.userref === userref) && (clOrdId === undefined || o.clOrdId === clOrdId))
        .filter((o) => closetime === 'open' ? inRange(o.openedAt) : closetime === 'close' ? inRange(o.closedAt) : inRange(o.openedAt) || inRange(o.closedAt))
        .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
      const page = closed.slice(ofs, ofs + PAGE);
      return success({ closed: Object.fromEntries(page.map((o) => [o.id, orderView(exchange, o, withTrades)])), count: closed.length });
    },
  },
  {
    id: 'QueryOrders', visibility: 'private', permission: 'query',
    handle: ({ params, account, exchange }) => {
      const ids = params.list('txid');
      if (!ids || ids.length === 0 || ids.length > 50) throw new InvalidArgument('txid');
      const withTrades = params.bool('trades');
      const userref = params.int('userref');
      const out: Record<string, unknown> = {};
      for (const id of ids) {
        const o = exchange.trading.orders.get(id);
        if (o && o.account === account.name && (userref === undefined || o.userref === userref)) out[id] = orderView(exchange, o, withTrades);
      }
      return success(out);
    },
  },
  {
    id: 'TradesHistory', visibility: 'private', permission: 'query',
    handle: ({ params, account, exchange }) => {
      const type = params.optStr('type') ?? 'all';
      if (!['all', 'any position', 'closed position', 'closing position', 'no position'].includes(type)) throw new InvalidArgument('type');
      const withLedgers = params.bool('ledgers');
      const { start, end } = bounds(params, (id) => exchange.trading.fills.get(id)?.time);
      const ofs = params.int('ofs', 0) ?? 0;
      const fills = (type === 'all' || type === 'no position' ? exchange.trading.fillsOf(account.name) : [])
        .filter((f) => f.time > start && f.time < end).reverse();
      const page = fills.slice(ofs, ofs + PAGE);
      return success({ trades: Object.fromEntries(page.map((f) => [f.id, fillView(exchange, f, withLedgers)])), count: fills.length });
    },
  },
  {
    id: 'QueryTrades', visibility: 'private', permission: 'query',
    handle: ({ params, account, exchange }) => {
      const ids = params.list('txid');
      if (!ids || ids.length === 0 || ids.length > 20) throw new InvalidArgument('txid');
      const out: Record<string, unknown> = {};
      for (const id of ids) {
        const f = exchange.trading.fills.get(id);
        if (f && f.account === account.name) out[id] = fillView(exchange, f, false);
      }
      return success(out);
    },
  },
  {
    id: 'Ledgers', visibility: 'private', permission: 'query',
    handle: ({ params, account }) => {
      const names = params.list('asset');
      const codes = names && !(names.length === 1 && names[0] === 'all') ? names.map((n) => assetByKrakenName(n)?.code) : undefined;
      if (codes?.some((c) => c === undefined)) return failure('EQuery:Unknown asset');
      const type = params.optStr('type') ?? 'all';
      const types = ['all', 'trade', 'deposit', 'withdrawal', 'transfer', 'margin', 'adjustment', 'rollover', 'credit', 'settled', 'staking', 'sale', 'dividend', 'nfttrade'];
      if (!types.includes(type)) throw new InvalidArgument('type');
      const { start, end } = bounds(params, (id) => account.ledger.find((e) => e.id === id)?.time);
      const ofs = params.int('ofs', 0) ?? 0;
      const entries = account.ledger
        .filter((e) => (!codes || codes.includes(e.asset)) && (type === 'all' || e.type === type) && e.time > start && e.time < end)
        .reverse();
      const page = entries.slice(ofs, ofs + PAGE);
      const result: Record<string, unknown> = { ledger: Object.fromEntries(page.map((e) => [e.id, ledgerView(e)])) };
      if (!params.bool('without_count')) result.count = entries.length;
      return success(result);
    },
  },
  {
    id: 'QueryLedgers', visibility: 'private', permission: 'query',
    handle: ({ params, account }) => {
      const ids = params.list('id');
      if (!ids || ids.length === 0 || ids.length > 20) throw new InvalidArgument('id');
      const out: Record<string, unknown> = {};
      for (const id of ids) {
        const e = account.ledger.find((x) => x.id === id);
        if (e) out[id] = ledgerView(e);
      }
      return success(out);
    },
  },
  {
    id: 'TradeVolume', visibility: 'private', permission: 'query',
    handle: ({ params, account, exchange }) => {
      const markets = params.list('pair')?.map((n) => marketFor(exchange, n));
      if (markets?.some((m) => m === undefined)) return failure('EQuery:Unknown asset pair');
      const tier = (table: readonly (readonly [number, number])[]) => {
        const i = Math.min(Math.max(account.spec.feeTier, 0), table.length - 1);
        const [volume, fee] = table[i]!;
        const next = table[i + 1];
        return {
          fee: fee.toFixed(4), minfee: table[table.length - 1]![1].toFixed(4), maxfee: table[0]![1].toFixed(4),
          nextfee: next ? next[1].toFixed(4) : null, nextvolume: next ? next[0].toFixed(4) : null, tiervolume: volume.toFixed(4),
        };
      };
      const result: Record<string, unknown> = { currency: 'ZUSD', volume: tier(FEE_SCHEDULE.taker).tiervolume };
      if (markets?.length) {
        result.fees = Object.fromEntries(markets.map((m) => [krakenPairOf(m!.spec).id, tier(FEE_SCHEDULE.taker)]));
        result.fees_maker = Object.fromEntries(markets.map((m) => [krakenPairOf(m!.spec).id, tier(FEE_SCHEDULE.maker)]));
      }
      return success(result);
    },
  },
  {
    id: 'GetWebSocketsToken', visibility: 'private', permission: 'websocket',
    handle: ({ account, exchange, now }) => success({ token: exchange.issueToken(account.name, now), expires: 900 }),
  },
];
