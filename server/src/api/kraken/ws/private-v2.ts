import { effectsOf, joinEffects, type Effects } from '../../../control/journal.js';
import type { Account } from '../../../exchange/account.js';
import { toNumber } from '../../../exchange/decimal.js';
import { TOKEN_TTL_MS, type Exchange } from '../../../exchange/exchange.js';
import type { OrderEvent, OrderInput, OrderSelector } from '../../../exchange/trading.js';
import type { LedgerEntry, OrderFlag, OrderType } from '../../../exchange/types.js';
import { deadManReply, refusalText } from '../rest/wire.js';
import { conditionalClose } from './conditional-v2.js';
import { displayQty } from './display-v2.js';
import { decOf, editOrder } from './edit-order.js';
import { executionEntries, orderFields } from './executions-v2.js';
import { orderPricesV2 } from './order-prices-v2.js';
import { iso, textOf } from './wire.js';
import type { PrivateLink } from './link.js';
import type { WsAnswered } from './ws-journal.js';

/** One reply to a request: a result (with what to do once it is sent, e.g. a snapshot, and the orders it touched) or an error. */
type Answer = { result: unknown; then?: () => void; effects?: Effects | undefined } | { error: string; then?: undefined };

/** The ids a client gave an order, echoed in replies. */
const ids = (input: OrderInput): Record<string, unknown> => ({
  ...(input.clOrdId ? { cl_ord_id: input.clOrdId } : {}),
  ...(input.userref !== null && input.userref !== undefined ? { order_userref: input.userref } : {}),
});

const ORDER_TYPES: readonly OrderType[] = ['market', 'limit', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit', 'trailing-stop', 'trailing-stop-limit'];
function ledgerUpdate(e: LedgerEntry): Record<string, unknown> {
  return {
    ledger_id: e.id, ref_id: e.refid, timestamp: iso(e.time), type: e.type, subtype: e.subtype, category: e.type, asset: e.asset,
    asset_class: 'currency', wallet_type: 'spot', wallet_id: 'main', amount: toNumber(e.amount), fee: toNumber(e.fee), balance: toNumber(e.balance),
  };
}

/**
 * One authenticated WebSocket v2 connection: the executions and balances channels of its account
 * and the trading methods, all on the same engine and ledger as REST. Every request names a
 * token from GetWebSocketsToken; a bad one is `ESession:Invalid session` (the socket stays open).
 */
export class PrivateSession {
  /** Private channels this connection is subscribed to, with how to stop each. */
  private readonly channels = new Map<string, () => void>();
  /** Tokens this connection has used: they do not expire until it closes. */
  private readonly tokens = new Set<string>();
  private seq = { executions: 0, balances: 0 };

  constructor(private readonly exchange: Exchange, private readonly link: PrivateLink, private readonly now: () => number) {}

  /** Handles one request and says how it was answered, for the journal; undefined when it is not a private request (the caller answers). */
  handle(method: string, params: Record<string, unknown>, reqId: object, times: () => object): WsAnswered | undefined {
    const run = Object.hasOwn(this.methods, method) ? this.methods[method] : undefined;
    if (!run) return undefined;
    const account = this.authenticate(params.token);
    const now = this.now();
    if (account) this.exchange.sync(now);
    const answered: WsAnswered = { error: undefined, effects: undefined };
    for (const out of account ? run(account, params, now) : [{ error: 'ESession:Invalid session' }]) {
      const body = 'error' in out ? { method, ...reqId, success: false, error: out.error } : { method, ...reqId, result: out.result, success: true };
      this.link.send(JSON.stringify({ ...body, ...times() }));
      if ('error' in out) answered.error ??= out.error;
      else answered.effects = joinEffects(answered.effects, out.effects);
      if ('then' in out) out.then?.();
    }
    return answered;
  }

  /** The private methods; each returns its replies (cancel_order answers once per cancelled order). */
  private readonly methods: Record<string, (account: Account, p: Record<string, unknown>, now: number) => Answer[]> = {
    subscribe: (account, p) => {
      const channel = p.channel;
      if (channel !== 'executions' && channel !== 'balances') return [{ error: 'Subscription name invalid' }];
      if (this.channels.has(channel)) return [{ error: 'Already subscribed' }];
      return [{ result: { channel, snapshot: true }, then: () => this.channels.set(channel, this.subscribe(account, channel, p)) }];
    },
    unsubscribe: (_account, p) => {
      const stop = typeof p.channel === 'string' ? this.channels.get(p.channel) : undefined;
      if (!stop) return [{ error: 'Subscription Not Found' }];
      stop();
      this.channels.delete(p.channel as string);
      return [{ result: { channel: p.channel } }];
    },
    add_order: (account, p, now) => {
      const input = this.orderInput(p);
      if (typeof input === 'string') return [{ error: input }];
      if (!this.exchange.chargeTrading(account, input.symbol, 1, now)) return [{ error: 'EOrder:Rate limit exceeded' }];
      const validate = p.validate === true;
      const r = this.exchange.trading.place(account.name, input, now, validate);
      if (!r.ok) return [{ error: refusalText(r) }];
      return [{ result: { order_id: validate ? '' : r.order.id, ...ids(input) }, effects: validate ? undefined : { created: [r.order.id] } }];
    },
    amend_order: (account, p, now) => {
      const sel: OrderSelector | undefined = typeof p.order_id === 'string' ? { txid: p.order_id } : typeof p.cl_ord_id === 'string' ? { clOrdId: p.cl_ord_id } : undefined;
      if (!sel) return [{ error: 'EGeneral:Invalid arguments:order_id' }];
      const r = this.exchange.trading.amend(account.name, sel, {
        volume: p.order_qty === undefined ? undefined : decOf(p.order_qty),
        price: p.limit_price === undefined ? undefined : decOf(p.limit_price),
        triggerPrice: p.trigger_price === undefined ? undefined : decOf(p.trigger_price),
        postOnly: typeof p.post_only === 'boolean' ? p.post_only : undefined,
      }, now);
      return [r.ok ? { result: { amend_id: r.amendId, order_id: r.order.id }, effects: { amended: [r.order.id] } } : { error: refusalText(r) }];
    },
    edit_order: (account, p, now) => [editOrder(this.exchange, account, p, now)],
    batch_add: (account, p, now) => {
      // Kraken's batch: 2..15 orders on one symbol; a rule break refuses the whole batch.
      const orders = Array.isArray(p.orders) ? p.orders : [];
      if (orders.length < 2 || orders.length > 15 || typeof p.symbol !== 'string') return [{ error: 'EGeneral:Invalid arguments:orders' }];
      const inputs = orders.map((o) => this.orderInput({ ...(o as Record<string, unknown>), symbol: p.symbol }));
      const bad = inputs.find((i): i is string => typeof i === 'string');
      if (bad) return [{ error: bad }];
      const valid = inputs as OrderInput[];
      if (!this.exchange.chargeTrading(account, p.symbol, valid.length / 2, now)) return [{ error: 'EOrder:Rate limit exceeded' }];
      for (const input of valid) {
        const r = this.exchange.trading.place(account.name, input, now, true);
        if (!r.ok && r.code !== 'insufficient_funds') return [{ error: refusalText(r) }];
      }
      const validate = p.validate === true;
      const created: string[] = [];
      const result = valid.map((input) => {
        const r = this.exchange.trading.place(account.name, input, now, validate);
        if (!r.ok) return { error: refusalText(r) };
        if (!validate) created.push(r.order.id);
        return { order_id: r.order.id, ...ids(input) };
      });
      return [{ result, effects: effectsOf({ created }) }];
    },
    batch_cancel: (account, p, now) => {
      const txids = Array.isArray(p.orders) ? p.orders.map(textOf) : [];
      if (txids.length === 0 || txids.length > 50) return [{ error: 'EGeneral:Invalid arguments:orders' }];
      const cancelled: string[] = [];
      for (const txid of txids) {
        const r = this.exchange.trading.cancel(account.name, { txid }, now);
        if (r.ok) cancelled.push(...r.cancelled.map((o) => o.id));
      }
      return [{ result: { count: cancelled.length }, effects: effectsOf({ cancelled }) }];
    },
    cancel_order: (account, p, now) => {
      const sels: OrderSelector[] = [
        ...(Array.isArray(p.order_id) ? p.order_id.map((txid) => ({ txid: textOf(txid) })) : []),
        ...(Array.isArray(p.cl_ord_id) ? p.cl_ord_id.map((c) => ({ clOrdId: textOf(c) })) : []),
        ...(Array.isArray(p.order_userref) ? p.order_userref.map((u) => ({ userref: Number(textOf(u)) })) : []),
      ];
      if (sels.length === 0) return [{ error: 'EGeneral:Invalid arguments' }];
      return sels.flatMap((sel): Answer[] => {
        const r = this.exchange.trading.cancel(account.name, sel, now);
        if (!r.ok) return [{ error: refusalText(r) }];
        return r.cancelled.map((o) => ({ result: { order_id: o.id, ...(o.clOrdId ? { cl_ord_id: o.clOrdId } : {}) }, effects: { cancelled: [o.id] } }));
      });
    },
    cancel_all: (account, _p, now) => {
      const r = this.exchange.trading.cancelAllRequested(account.name, now);
      return [r.ok ? { result: { count: r.cancelled.length }, effects: effectsOf({ cancelled: r.cancelled.map((o) => o.id) }) } : { error: refusalText(r) }];
    },
    cancel_all_orders_after: (account, p, now) => {
      const timeout = p.timeout;
      if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 0 || timeout >= 86_400) return [{ error: 'EGeneral:Invalid arguments:timeout' }];
      const at = this.exchange.trading.cancelAllAfter(account.name, timeout * 1000, now);
      return [{ result: deadManReply(now, at) }];
    },
  };

  /** Whether the connection is subscribed to a private channel (then it gets heartbeats). */
  get subscribed(): boolean {
    return this.channels.size > 0;
  }

  /** Stops streaming to this connection (closed socket). */
  close(): void {
    for (const stop of this.channels.values()) stop();
    this.channels.clear();
    // Released tokens age again from now, as if just issued.
    for (const t of this.tokens) {
      const entry = this.exchange.tokens.get(t);
      if (entry) entry.expiresAt = this.now() + TOKEN_TTL_MS;
    }
    this.tokens.clear();
  }

  private authenticate(token: unknown): Account | undefined {
    const entry = typeof token === 'string' ? this.exchange.tokens.get(token) : undefined;
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    // A token in use by a connection does not expire while the connection stays up (Kraken's rule).
    entry.expiresAt = Infinity;
    this.tokens.add(token as string);
    return this.exchange.accounts.get(entry.account);
  }

  /** Starts a channel: its snapshot now, updates as they happen; returns how to stop it. */
  private subscribe(account: Account, channel: 'executions' | 'balances', params: Record<string, unknown>): () => void {
    if (channel === 'executions') {
      const open = [...this.exchange.trading.liveOrders()].filter((o) => o.account === account.name);
      if (params.snap_orders !== false) this.frame('executions', 'snapshot', open.map((o) => orderFields(this.exchange, o)));
      const allTransitions = params.order_status !== false;
      const listener = (e: OrderEvent): void => {
        if (e.order.account !== account.name) return;
        for (const entry of executionEntries(this.exchange, e, allTransitions)) this.frame('executions', 'update', [entry]);
      };
      this.exchange.trading.listeners.add(listener);
      return () => this.exchange.trading.listeners.delete(listener);
    }
    if (params.snapshot !== false) {
      this.frame('balances', 'snapshot', [...account.balances].map(([asset, b]) => ({
        asset, asset_class: 'currency', balance: toNumber(b), wallets: [{ type: 'spot', id: 'main', balance: toNumber(b) }],
      })));
    }
    const listener = (e: LedgerEntry): void => this.frame('balances', 'update', [ledgerUpdate(e)]);
    account.listeners.add(listener);
    return () => account.listeners.delete(listener);
  }

  private frame(channel: 'executions' | 'balances', type: 'snapshot' | 'update', data: unknown[]): void {
    this.link.data(JSON.stringify({ channel, type, data, sequence: ++this.seq[channel] }), { channel, pair: undefined });
  }

  private orderInput(p: Record<string, unknown>): OrderInput | string {
    // An iceberg is a limit order that shows only `display_qty` at a time.
    const type = (p.order_type === 'iceberg' ? 'limit' : p.order_type) as OrderType;
    if (!ORDER_TYPES.includes(type)) return 'EGeneral:Invalid arguments:order_type';
    if (p.side !== 'buy' && p.side !== 'sell') return 'EGeneral:Invalid arguments:side';
    if (typeof p.symbol !== 'string' || !this.exchange.markets.has(p.symbol)) return `Currency pair not supported ${textOf(p.symbol)}`;
    // cash_order_qty: a market buy's volume in the quote asset (REST's viqc).
    const cash = p.cash_order_qty === undefined ? undefined : decOf(p.cash_order_qty);
    if (p.cash_order_qty !== undefined && (cash === undefined || p.order_qty !== undefined)) return 'EGeneral:Invalid arguments:cash_order_qty';
    const volume = cash ?? decOf(p.order_qty);
    if (volume === undefined) return 'EGeneral:Invalid arguments:order_qty';
    const prices = orderPricesV2(p, type, this.exchange.markets.get(p.symbol)!, p.side);
    if (typeof prices === 'string') return prices;
    // Kraken's answer to margin on an account without it (see REFUSAL_TEXT); `reduce_only: false` asks for nothing.
    if (p.reduce_only !== undefined && typeof p.reduce_only !== 'boolean') return 'EGeneral:Invalid arguments:reduce_only';
    const tif = textOf(p.time_in_force ?? 'gtc').toUpperCase();
    if (!['GTC', 'IOC', 'GTD'].includes(tif)) return 'EGeneral:Invalid arguments:time_in_force';
    const flags = new Set<OrderFlag>();
    if (p.post_only === true) flags.add('post');
    if (p.fee_preference === 'base') flags.add('fcib');
    if (p.fee_preference === 'quote') flags.add('fciq');
    if (cash !== undefined) flags.add('viqc');
    const market = this.exchange.markets.get(p.symbol)!;
    // A relative close price is an offset from the price the primary order executes at (a trailing stop's is not known: the last trade's).
    const executesAt = type === 'market' || type.startsWith('trailing') ? undefined : type.endsWith('-limit') ? prices.price2 : prices.price;
    const close = conditionalClose(p.conditional, market, p.side, executesAt ?? market.last);
    if (typeof close === 'string') return close;
    const display = displayQty(p, volume);
    if (typeof display === 'string') return display;
    return {
      symbol: p.symbol, side: p.side, type, volume, flags, timeInForce: tif as OrderInput['timeInForce'], ...prices,
      margin: p.reduce_only === true || p.margin === true,
      expireAt: typeof p.expire_time === 'string' ? Date.parse(p.expire_time) : undefined,
      userref: typeof p.order_userref === 'number' ? p.order_userref : null, clOrdId: typeof p.cl_ord_id === 'string' ? p.cl_ord_id : null, close, display,
    };
  }
}
