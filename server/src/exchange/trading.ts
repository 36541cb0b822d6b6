import { DEFAULT_HISTORY, type Account } from './account.js';
import { type Dec, ZERO } from './decimal.js';
import type { IdSource } from './ids.js';
import type { Market } from './market.js';
import type { BookEntry, Execution } from './order-book.js';
import { canFillAll } from './fill-or-kill.js';
import type { Scheduled, Scheduler } from './scheduler.js';
import { feeInQuote, settle } from './settlement.js';
import { DEFAULT_SELF_TRADE, NO_TRADES, SELF_TRADE, refuse, type CloseOrder, type Fill, type Order, type OrderFlag, type OrderType, type Refusal, type Result, type SelfTradeMode, type Side, type TimeInForce } from './types.js';
import { validateOrder } from './order-rules.js';
import { CALM, isHalted, type Conditions } from './conditions.js';
import { affordable, checkFunds, limitPrice, protectionLimit, qtyForCost, reserve, unreserve, wouldTake } from './order-funds.js';
import { flagSet, withFlag } from './flag-sets.js';
import { closeInputFor, closeProbe } from './conditional-close.js';
import { followPrice, placeTrail, type PriceOffset } from './trailing.js';

/** A new order as a client asks for it (already parsed from the wire). */
export interface OrderInput {
  symbol: string;
  side: Side;
  type: OrderType;
  volume: Dec;
  price?: Dec | undefined;
  price2?: Dec | undefined;
  flags: ReadonlySet<OrderFlag>;
  timeInForce: TimeInForce;
  startAt?: number | undefined;
  expireAt?: number | undefined;
  userref?: number | null | undefined;
  clOrdId?: string | null | undefined;
  /** Iceberg: the quantity the book shows at a time (limit orders). */
  display?: Dec | undefined;
  /** The order to place in the opposite direction for what this one executes (a conditional close). */
  close?: CloseOrder | undefined;
  /** Set only by the engine: the primary order whose conditional close this is. */
  parentId?: string | null | undefined;
  /** Trailing stops: the trigger's distance from the best price (price and price2 are then left out). */
  trailOffset?: PriceOffset | undefined;
  /** A limit given relative to a reference: a trailing-stop-limit's offset from its trigger (required), else only recorded. */
  limitOffset?: PriceOffset | undefined;
  /** The order asks for margin (leverage, reduce-only), which no account here has. */
  margin?: boolean | undefined;
  /** Self-trade prevention mode; DEFAULT_SELF_TRADE when the dialect names none. */
  selfTrade?: SelfTradeMode | undefined;
}

/** Something that happened to an order, for streams (WebSocket executions). */
export interface OrderEvent {
  /** `refilled`: an iceberg showed its next slice after a trade used up the one shown. */
  kind: 'new' | 'trade' | 'filled' | 'canceled' | 'expired' | 'amended' | 'refilled';
  order: Order;
  fill?: Fill | undefined;
  time: number;
}

/** Which orders a cancel or amend addresses. */
export type OrderSelector = { txid: string } | { userref: number } | { clOrdId: string };

/**
 * The matching engine for accounts' orders: placement with validation and holds, matching
 * against the book (simulated liquidity and other accounts), triggers, expiry, cancels, amends and
 * the dead man's switch. All times are simulated ms passed in by the Exchange.
 */
export class Trading {
  readonly orders = new Map<string, Order>();
  readonly fills = new Map<string, Fill>();
  /**
   * The open and pending orders, in the order they were placed: what can still trade, apart from
   * the up to `historyLimit` ended ones that `orders` also holds, so placing, cancelling all and
   * counting open orders do not walk the history (the audit checks that it matches `orders`).
   */
  private readonly live = new Set<Order>();
  /** Untriggered stop / take-profit orders per symbol. */
  private readonly waiting = new Map<string, Order[]>();
  private readonly expiries = new Map<string, Scheduled>();
  private readonly deadMan = new Map<string, Scheduled>();
  /** Listeners told about every order event, in the order they happen. */
  readonly listeners = new Set<(e: OrderEvent) => void>();
  /** Orders accepted while the order policy queues them, oldest first. */
  private queued: Order[] = [];
  /** Orders and fills ever made, and how many pruning forgot: those held = made − forgotten (the audit checks it). */
  readonly tally = { orders: 0, fills: 0, forgottenOrders: 0, forgottenFills: 0 };
  private limit = DEFAULT_HISTORY;
  /** Ids of ended orders in the order they ended; the first `endedHead` are already forgotten. */
  private ended: string[] = [];
  private endedHead = 0;
  /** Prevented matches so far: the last one's number. */
  private preventedMatches = 0;

  constructor(
    private readonly markets: ReadonlyMap<string, Market>,
    private readonly accounts: ReadonlyMap<string, Account>,
    private readonly ids: IdSource,
    private readonly scheduler: Scheduler,
    /** Trading modes and order policy in force (the scenario's phase); calm by default. */
    public conditions: Conditions = CALM,
  ) {}

  /** The open and pending orders, oldest first. */
  liveOrders(): IterableIterator<Order> {
    return this.live.values();
  }

  /**
   * How many ended (closed, canceled, expired) orders are kept, with their fills; beyond it the
   * oldest to end are forgotten (queries no longer find them). Open and pending orders are never
   * dropped. Setting it also bounds every account's ledger to as many entries, and prunes at once.
   */
  get historyLimit(): number {
    return this.limit;
  }

  set historyLimit(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`order history must be a positive integer, got ${n}`);
    this.limit = n;
    for (const account of this.accounts.values()) account.ledgerLimit = n;
    this.forget();
  }

  /** Validates and (unless `validate`) places an order. */
  place(accountName: string, input: OrderInput, now: number, validate = false): Result<{ order: Order }> {
    const account = this.account(accountName);
    const market = this.markets.get(input.symbol);
    if (!market) return refuse('unknown_pair', input.symbol);
    if (input.margin) return refuse('margin_unavailable');
    this.thaw(market, now);
    const order = this.newOrder(account, market, input, now);
    // viqc: the volume asked is a cost in the quote asset; the order is for what it buys now.
    if (order.flags.has('viqc') && order.type === 'market' && order.side === 'buy') order.volume = qtyForCost(order, market, input.volume);
    // A queueing front end parks orders even while the engine is down; otherwise the mode decides.
    const queueing = this.conditions.orders(now).new === 'queue';
    const problem = validateOrder(order, market, account, this.openCount(accountName, input.symbol), now)
      ?? (order.close ? validateOrder(closeProbe(order), market, account, 0, now) : undefined)
      ?? (queueing ? undefined : this.modeRefusal(order, now));
    if (problem) return problem;
    const funds = checkFunds(order, market, account);
    if (funds) return funds;
    if (validate) return { ok: true, order };
    this.orders.set(order.id, order);
    this.live.add(order);
    this.tally.orders++;
    this.emit({ kind: 'new', order, time: now });
    if (queueing) {
      order.status = 'pending';
      reserve(order, market, account);
      this.queued.push(order);
    } else if (order.startAt > now) {
      order.status = 'pending';
      reserve(order, market, account);
      this.scheduler.at(order.startAt, (at) => this.activate(order, at));
    } else {
      this.activate(order, now);
    }
    this.runTriggers(market, now);
    return { ok: true, order };
  }

  /** Cancels the open orders the selector names, and says which; refusal when none matched. */
  cancel(accountName: string, sel: OrderSelector, now: number, reason = 'User requested'): Result<{ cancelled: Order[] }> {
    if (this.conditions.mode(undefined, now) === 'maintenance') return refuse('market_halted');
    const targets = this.select(accountName, sel).filter((o) => o.status === 'open' || o.status === 'pending');
    if (targets.some((o) => this.conditions.mode(o.symbol, now) === 'maintenance')) return refuse('market_halted');
    if (targets.length === 0) return refuse('unknown_order');
    for (const o of targets) this.close(o, 'canceled', reason, now);
    return { ok: true, cancelled: targets };
  }

  /** CancelAll as a client asks for it (the orders it cancelled): refused while the engine is in maintenance. */
  cancelAllRequested(accountName: string, now: number): Result<{ cancelled: Order[] }> {
    if (this.conditions.mode(undefined, now) === 'maintenance') return refuse('market_halted');
    return { ok: true, cancelled: this.cancelAll(accountName, now) };
  }

  /** Cancels every open or pending order of an account, or of everyone (client request, dead man's switch, phase edge); returns them. */
  cancelAll(accountName: string | undefined, now: number, reason = 'User requested'): Order[] {
    const cancelled: Order[] = [];
    for (const o of [...this.live]) {
      if (accountName === undefined || o.account === accountName) {
        this.close(o, 'canceled', reason, now);
        cancelled.push(o);
      }
    }
    return cancelled;
  }

  /**
   * Arms the dead man's switch: unless re-armed, every open order of the account is cancelled
   * `timeoutMs` from now. 0 disarms. Returns the trigger time (or 0 when disarmed).
   */
  cancelAllAfter(accountName: string, timeoutMs: number, now: number): number {
    this.deadMan.get(accountName)?.cancel();
    this.deadMan.delete(accountName);
    if (timeoutMs <= 0) return 0;
    const at = now + timeoutMs;
    this.deadMan.set(accountName, this.scheduler.at(at, (t) => {
      this.deadMan.delete(accountName);
      this.cancelAll(accountName, t, 'Dead man switch triggered');
    }));
    return at;
  }

  /** Orders of an account matching a selector (any status), newest last. */
  select(accountName: string, sel: OrderSelector): Order[] {
    if ('txid' in sel) {
      const o = this.orders.get(sel.txid);
      return o && o.account === accountName ? [o] : [];
    }
    const out: Order[] = [];
    for (const o of this.orders.values()) {
      if (o.account !== accountName) continue;
      if ('userref' in sel ? o.userref === sel.userref : o.clOrdId === sel.clOrdId) out.push(o);
    }
    return out;
  }

  /**
   * Amends an open order in place: total quantity, limit price, trigger price, post-only. Keeps the
   * id; queue priority is kept only when the price is unchanged and the quantity shrinks.
   */
  amend(
    accountName: string, sel: OrderSelector,
    change: { volume?: Dec | undefined; price?: Dec | undefined; triggerPrice?: Dec | undefined; postOnly?: boolean | undefined },
    now: number,
  ): Result<{ amendId: string; order: Order }> {
    const order = this.select(accountName, sel).find((o) => o.status === 'open' || o.status === 'pending');
    if (!order) return refuse('unknown_order');
    const market = this.markets.get(order.symbol) as Market;
    const account = this.account(accountName);
    const halted = this.conditions.mode(order.symbol, now);
    if (halted === 'maintenance' || halted === 'cancel_only') return refuse(halted === 'maintenance' ? 'market_halted' : 'cancel_only_mode');
    const next: Order = { ...order };
    if (change.volume !== undefined) {
      if (change.volume <= order.executed) return refuse('invalid_arguments', 'order_qty');
      next.volume = change.volume;
    }
    const limitField = order.type === 'limit' ? 'price' : order.type.endsWith('-limit') ? 'price2' : undefined;
    if (change.price !== undefined) {
      if (!limitField) return refuse('invalid_arguments', 'limit_price');
      next[limitField] = change.price;
    }
    if (order.trail && (change.triggerPrice !== undefined || change.price !== undefined)) return refuse('invalid_arguments', change.price === undefined ? 'trigger_price' : 'limit_price');
    if (change.triggerPrice !== undefined) {
      if (order.type === 'limit' || order.type === 'market') return refuse('invalid_arguments', 'trigger_price');
      next.price = change.triggerPrice;
    }
    if (change.postOnly !== undefined) next.flags = withFlag(order.flags, 'post', change.postOnly);
    const problem = validateOrder(next, market, account, 0, now);
    if (problem) return problem;
    if (next.flags.has('post') && order.type === 'limit' && wouldTake(next, market)) return refuse('invalid_arguments', 'post_only');
    const wasResting = market.book.removeOrder(order.side, order.id);
    unreserve(order, account);
    const extra = checkFunds(next, market, account);
    if (extra) {
      reserve(order, market, account);
      if (wasResting) this.rest(order, market, wasResting.time);
      return extra;
    }
    const keepPriority = next.price === order.price && next.price2 === order.price2 && next.volume <= order.volume;
    Object.assign(order, { volume: next.volume, price: next.price, price2: next.price2, flags: next.flags, amended: true, restedAt: now });
    reserve(order, market, account);
    if (wasResting) {
      const entry = this.rest(order, market, now);
      if (keepPriority) entry.seq = wasResting.seq;
      this.reorder(order.side, market);
      this.matchResting(order, market, now);
    }
    this.emit({ kind: 'amended', order, time: now });
    return { ok: true, amendId: this.ids.amend(), order };
  }

  /**
   * Kraken's legacy EditOrder: cancels an open order and places `input` in its place with a new
   * id, all or nothing: when the new order is refused the original stays as it was.
   */
  replace(accountName: string, txid: string, input: OrderInput, now: number, validate: boolean): Result<{ order: Order; original: Order }> {
    const original = this.select(accountName, { txid }).find((o) => o.status === 'open' || o.status === 'pending');
    if (!original) return refuse('unknown_order');
    const market = this.markets.get(original.symbol) as Market;
    const account = this.account(accountName);
    const held = original.hold;
    unreserve(original, account);
    const check = this.place(accountName, input, now, true);
    if (!check.ok || validate) {
      if (held > 0n) reserve(original, market, account);
      return check.ok ? { ok: true, order: check.order, original } : check;
    }
    this.close(original, 'canceled', 'Order replaced', now);
    const placed = this.place(accountName, input, now);
    return placed.ok ? { ok: true, order: placed.order, original } : placed;
  }

  /**
   * Releases orders queued during an outage, oldest first, into the market as it is now (a phase
   * edge where new orders are accepted again). Returns how many were released.
   */
  releaseQueued(now: number): number {
    const queue = this.queued;
    this.queued = [];
    let released = 0;
    for (const order of queue) {
      if (order.status !== 'pending') continue;
      // Orders wait for their market to be online again (a recovery may reopen pairs one by one).
      if (this.conditions.mode(order.symbol, now) !== 'online') {
        this.queued.push(order);
        continue;
      }
      released++;
      this.thaw(this.markets.get(order.symbol) as Market, now);
      if (order.startAt > now) this.scheduler.at(order.startAt, (at) => this.activate(order, at));
      else this.activate(order, now);
    }
    for (const market of this.markets.values()) this.runTriggers(market, now);
    return released;
  }

  /**
   * A book frozen by a halt catches up with the market before anything trades on it again, so
   * the first orders after recovery meet today's prices, not the prices of the halt's start.
   */
  private thaw(market: Market, now: number): void {
    if (!market.frozen || isHalted(this.conditions.mode(market.spec.symbol, now))) return;
    market.refresh(now);
    market.frozen = false;
    this.uncross(market, now);
  }

  /** The refusal the trading mode imposes on a new order, if any. */
  private modeRefusal(order: Order, now: number): Refusal | undefined {
    const mode = this.conditions.mode(order.symbol, now);
    if (mode === 'maintenance') return refuse('market_halted');
    if (mode === 'cancel_only') return refuse('cancel_only_mode');
    if (mode === 'post_only' && !(order.type === 'limit' && order.flags.has('post'))) return refuse('post_only_mode');
    if (mode === 'limit_only' && order.type !== 'limit') return refuse('limit_only_mode');
    const policy = this.conditions.orders(now);
    if (policy.new === 'reject') return refuse('policy', policy.rejectWith);
    return undefined;
  }

  /** Fills of an account, oldest first. */
  fillsOf(accountName: string): Fill[] {
    return [...this.fills.values()].filter((f) => f.account === accountName);
  }

  /**
   * One market step of `dtMs`: orders the moving market crossed fill as makers at their own price,
   * then simulated takers trade against the book (filling accounts' resting orders), then triggers.
   * The takers are those of `flowMs` (the ordinary step's length when a fast-forward makes steps longer).
   */
  step(market: Market, now: number, dtMs: number, flowMs = dtMs): void {
    market.walk(dtMs);
    if (isHalted(this.conditions.mode(market.spec.symbol, now))) {
      market.frozen = true;
      return;
    }
    market.refresh(now);
    market.frozen = false;
    this.uncross(market, now);
    const n = market.flowCount(flowMs);
    for (let i = 0; i < n; i++) {
      const flow = market.flowOrder();
      const execs = market.book.take(flow.side, flow.qty, flow.limit, now);
      this.record(market, execs, undefined, flow.side, flow.limit ? 'limit' : 'market', now);
    }
    this.runTriggers(market, now);
    market.recordSpread(now);
  }

  private newOrder(account: Account, market: Market, input: OrderInput, now: number): Order {
    const order: Order = {
      id: this.ids.order(), account: account.name, symbol: market.spec.symbol, side: input.side, type: input.type,
      price: input.price, price2: input.price2, volume: input.volume, executed: ZERO, cost: ZERO, fee: ZERO,
      feeAsset: '', status: 'open', reason: null, openedAt: now, closedAt: undefined,
      startAt: input.startAt ?? 0, expireAt: input.timeInForce === 'GTD' ? input.expireAt ?? 0 : 0,
      userref: input.userref ?? null, clOrdId: input.clOrdId ?? null, flags: flagSet(input.flags),
      timeInForce: input.timeInForce, selfTrade: input.selfTrade ?? DEFAULT_SELF_TRADE, prevented: ZERO, preventedMatchId: null, trades: NO_TRADES, triggered: false, amended: false, restedAt: now,
      holdAsset: '', hold: ZERO, display: input.display, close: input.close, parentId: input.parentId ?? null, limitOffset: input.limitOffset,
      trail: input.trailOffset && (input.type === 'trailing-stop' || input.type === 'trailing-stop-limit') ? { offset: input.trailOffset, best: market.last } : undefined,
    };
    if (order.trail) placeTrail(order, order.trail, market.tick);
    order.feeAsset = feeInQuote(order) ? market.spec.quote : market.spec.base;
    return order;
  }

  private activate(order: Order, now: number): void {
    if (order.status !== 'open' && order.status !== 'pending') return;
    const market = this.markets.get(order.symbol) as Market;
    const account = this.account(order.account);
    order.status = 'open';
    if (order.expireAt > 0) {
      this.expiries.set(order.id, this.scheduler.at(order.expireAt, (t) => {
        if (order.status === 'open') this.close(order, 'expired', null, t);
      }));
    }
    if (order.type === 'market' || order.type === 'limit') {
      if (order.hold === ZERO) reserve(order, market, account);
      this.execute(order, market, now);
    } else {
      if (order.hold === ZERO) reserve(order, market, account);
      const list = this.waiting.get(order.symbol) ?? [];
      list.push(order);
      this.waiting.set(order.symbol, list);
      this.runTriggers(market, now);
    }
  }

  /** Runs a (triggered or plain) market or limit order: take liquidity, then rest or finish. */
  private execute(order: Order, market: Market, now: number): void {
    const account = this.account(order.account);
    const isMarket = order.type === 'market' || ((order.type === 'stop-loss' || order.type === 'take-profit' || order.type === 'trailing-stop') && order.triggered);
    const limit = isMarket ? protectionLimit(order, market) : limitPrice(order);
    if (!isMarket && order.flags.has('post')) {
      if (wouldTake(order, market)) return this.close(order, 'canceled', 'Post only order', now);
      this.rest(order, market, now);
      return;
    }
    let qty = order.volume - order.executed;
    if (isMarket && order.side === 'buy') qty = affordable(order, market, account, qty, limit);
    if (order.timeInForce === 'FOK' && !canFillAll(market.book, order.side, qty, limit, order.account, order.selfTrade)) {
      return this.close(order, 'expired', 'Fill or kill', now);
    }
    if (this.take(order, market, qty, limit, isMarket ? 'market' : 'limit', now)) return;
    if (order.status !== 'open') return;
    if (isMarket || order.timeInForce === 'IOC' || order.timeInForce === 'FOK') {
      const reason = isMarket ? (order.executed > 0n ? 'Market price protection' : 'No liquidity') : order.timeInForce === 'FOK' ? 'Fill or kill' : 'Immediate or cancel';
      return this.close(order, order.executed > 0n && isMarket ? 'closed' : order.timeInForce === 'FOK' ? 'expired' : 'canceled', reason, now);
    }
    this.rest(order, market, now);
  }

  /**
   * Takes up to `qty` of liquidity for a taker, applying its self-trade prevention mode at each
   * resting order of its own account (see SelfTradeMode). Says whether prevention ended the taker.
   */
  private take(order: Order, market: Market, qty: Dec, limit: Dec | undefined, ordType: 'market' | 'limit', now: number): boolean {
    const mode = order.selfTrade;
    const hit: { entry?: BookEntry | undefined } = {};
    const halt = mode === 'none' ? undefined : (e: BookEntry): boolean => {
      hit.entry = e.account === order.account ? e : undefined;
      return hit.entry !== undefined;
    };
    let left = qty;
    for (;;) {
      hit.entry = undefined;
      const execs = market.book.take(order.side, left, limit, now, halt);
      this.record(market, execs, order, order.side, ordType, now);
      for (const x of execs) left -= x.qty;
      const own = hit.entry as BookEntry | undefined;
      if (!own || order.status !== 'open') return false;
      const maker = this.orders.get(own.orderId as string) as Order;
      const matchId = ++this.preventedMatches;
      if (mode !== 'expire-taker') this.prevent(maker, matchId, now);
      if (mode === 'expire-maker') continue;
      this.prevent(order, matchId, now);
      return true;
    }
  }

  /** Ends an order's remainder by self-trade prevention, recording the prevented quantity and match. */
  private prevent(order: Order, matchId: number, now: number): void {
    order.prevented += order.volume - order.executed;
    order.preventedMatchId = matchId;
    this.close(order, 'canceled', SELF_TRADE, now);
  }

  /** Records executions: public trades, fills for every account order involved, order closes. */
  private record(market: Market, execs: Execution[], taker: Order | undefined, side: Side, ordType: 'market' | 'limit', now: number): void {
    for (const ex of execs) {
      const tradeId = market.recordTrade(now, ex.price, ex.qty, side, ordType);
      const postId = this.ids.trade();
      const maker = ex.maker.orderId ? this.orders.get(ex.maker.orderId) as Order : undefined;
      if (maker) this.fill(maker, market, ex.price, ex.qty, true, now, tradeId, postId);
      if (maker && ex.refilled) this.emit({ kind: 'refilled', order: maker, time: now });
      if (taker) this.fill(taker, market, ex.price, ex.qty, false, now, tradeId, postId);
    }
  }

  private fill(order: Order, market: Market, price: Dec, qty: Dec, maker: boolean, now: number, tradeId: number, postId: string): void {
    const account = this.account(order.account);
    unreserve(order, account);
    const fill = settle(this.ids, account, order, market, { price, qty, maker, time: now, tradeId, postId });
    this.fills.set(fill.id, fill);
    this.tally.fills++;
    this.emit({ kind: 'trade', order, fill, time: now });
    if (order.executed >= order.volume) {
      market.book.removeOrder(order.side, order.id);
      this.close(order, 'closed', null, now);
    } else {
      reserve(order, market, account);
    }
  }

  /** Ends an order: out of the book and trigger list, hold released, expiry timer dropped. */
  private close(order: Order, status: 'closed' | 'canceled' | 'expired', reason: string | null, now: number): void {
    const market = this.markets.get(order.symbol) as Market;
    market.book.removeOrder(order.side, order.id);
    const list = this.waiting.get(order.symbol);
    if (list) {
      const i = list.indexOf(order);
      if (i >= 0) list.splice(i, 1);
    }
    unreserve(order, this.account(order.account));
    this.expiries.get(order.id)?.cancel();
    this.expiries.delete(order.id);
    order.status = status;
    this.live.delete(order);
    order.reason = reason;
    order.closedAt = now;
    this.emit({ kind: status === 'closed' ? 'filled' : status, order, time: now });
    this.ended.push(order.id);
    this.forget();
    if (order.close && order.executed > 0n) this.placeClose(order, now);
  }

  /**
   * A primary order with a conditional close has ended having executed: its close order is placed
   * now, for everything it executed (once, when it ends, not per fill: a partly filled order that
   * is cancelled or expires still places it for the part that filled). A close the rules refuse at
   * that moment (a halted market, funds spent meanwhile) is not placed; the refusal is returned.
   */
  private placeClose(primary: Order, now: number): Result<{ order: Order }> {
    return this.place(primary.account, closeInputFor(primary, primary.executed), now);
  }

  /** Forgets the oldest ended orders beyond the limit, with their fills (the one just ended stays: the limit is at least 1). */
  private forget(): void {
    while (this.ended.length - this.endedHead > this.limit) {
      const order = this.orders.get(this.ended[this.endedHead++] as string);
      if (!order) continue;
      this.orders.delete(order.id);
      this.tally.forgottenOrders++;
      for (const id of order.trades) if (this.fills.delete(id)) this.tally.forgottenFills++;
    }
    // Forgotten ids are dropped from the array in batches: shifting one at a time costs O(n).
    if (this.endedHead * 8 >= this.limit) {
      this.ended = this.ended.slice(this.endedHead);
      this.endedHead = 0;
    }
  }

  private emit(e: OrderEvent): void {
    for (const listener of this.listeners) listener(e);
  }

  private rest(order: Order, market: Market, now: number) {
    return market.book.add(order.side, {
      price: limitPrice(order) as Dec, qty: order.volume - order.executed, orderId: order.id, account: order.account, time: now, display: order.display,
    });
  }

  /** Re-sorts one side after an entry's seq changed (amend keeping priority). */
  private reorder(side: Side, market: Market): void {
    const list = market.book.side(side);
    list.sort((a, b) => (a.price === b.price ? a.seq - b.seq : (side === 'buy' ? (a.price > b.price ? -1 : 1) : (a.price < b.price ? -1 : 1))));
  }

  /** After an amend, an order whose new price crosses the book takes liquidity like a new one. */
  private matchResting(order: Order, market: Market, now: number): void {
    if (!wouldTake(order, market)) return;
    market.book.removeOrder(order.side, order.id);
    this.execute(order, market, now);
  }

  private uncross(market: Market, now: number): void {
    for (;;) {
      const bid = market.book.best('buy');
      const ask = market.book.best('sell');
      if (!bid || !ask || bid.price < ask.price) return;
      const user = bid.orderId ? bid : ask;
      const other = user === bid ? ask : bid;
      if (!user.orderId || other.orderId) return; // only a moving market crosses resting orders
      const qty = user.qty < other.qty ? user.qty : other.qty;
      const takerSide: Side = user === bid ? 'sell' : 'buy';
      const execs = market.book.take(takerSide, qty, user.price, now);
      this.record(market, execs, undefined, takerSide, 'limit', now);
      other.qty -= qty;
      if (other.qty <= 0n) market.book.side(takerSide).splice(market.book.side(takerSide).indexOf(other), 1);
    }
  }

  private runTriggers(market: Market, now: number): void {
    if (this.conditions.orders(now).triggers === 'suspended' || isHalted(this.conditions.mode(market.spec.symbol, now))) return;
    const list = this.waiting.get(market.spec.symbol);
    if (!list || list.length === 0) return;
    const last = market.last;
    for (const order of [...list]) {
      if (order.status !== 'open') continue;
      if (followPrice(order, last, market.tick) && order.side === 'buy') this.rehold(order, market);
      const above = last >= (order.price as Dec);
      const below = last <= (order.price as Dec);
      const isStop = order.type.startsWith('stop-loss') || order.type.startsWith('trailing-stop');
      const fire = isStop ? (order.side === 'buy' ? above : below) : (order.side === 'buy' ? below : above);
      if (!fire) continue;
      list.splice(list.indexOf(order), 1);
      order.triggered = true;
      const account = this.account(order.account);
      unreserve(order, account);
      reserve(order, market, account);
      this.execute(order, market, now);
    }
  }

  /** Re-reserves a waiting buy whose trigger (and so its hold price) moved. */
  private rehold(order: Order, market: Market): void {
    const account = this.account(order.account);
    unreserve(order, account);
    reserve(order, market, account);
  }

  private openCount(accountName: string, symbol: string): number {
    let n = 0;
    for (const o of this.live) if (o.account === accountName && o.symbol === symbol) n++;
    return n;
  }

  private account(name: string): Account {
    const a = this.accounts.get(name);
    if (!a) throw new Error(`no account named ${name}`);
    return a;
  }
}
