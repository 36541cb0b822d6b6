import ccxt, { type Order } from 'ccxt';
import type { ApiGate, Attempt } from './api-gate.js';
import { restingBuyPrice, type BotContext } from './bot-context.js';

/** The resilient bot's client order ids start with this (Kraken's `cl_ord_id`, at most 18 characters; Binance's `newClientOrderId`). */
const PREFIX = 'rb-';

/** One order the bot meant to place: its cl_ord_id, and its txid once known. `unknown`: sent, reply lost. */
interface Intent {
  clientOrderId: string;
  id: string | undefined;
  state: 'open' | 'unknown';
}

/** The exchange does not know the order: Kraken's `EOrder:Unknown order`, Binance's -2011/-2013 (ccxt's OrderNotFound). */
const isUnknownOrder = (e: unknown): boolean =>
  e instanceof ccxt.OrderNotFound || (e instanceof Error && e.message.includes('EOrder:Unknown order'));

/**
 * Keeps the resilient bot's one resting buy, and never sends an order twice: each order carries
 * its own client order id (and a volume no other order of the bot has). When placing fails — a 502
 * page, a timeout, a reset, Binance's -1007 may all hide an order that was placed (B7, B22) —
 * nothing new is sent until the bot has asked the exchange, by that client order id, whether the
 * order exists (Kraken: its open orders by `cl_ord_id`; Binance: the order by `origClientOrderId`).
 */
export class OrderKeeper {
  private seq = 0;
  private current: Intent | undefined;

  constructor(private readonly ctx: BotContext, private readonly api: ApiGate) {}

  /** Whether an order's fate is unknown (its reply was lost) and must be settled first. */
  get unsure(): boolean {
    return this.current?.state === 'unknown';
  }

  /** Cancels the resting order (if any) and places a fresh buy under `bid`; false when a call failed. */
  async replace(bid: number): Promise<boolean> {
    if (this.unsure) return this.settle();
    const id = this.current?.id;
    if (id !== undefined) {
      const r = await this.api.call('private', () => this.ctx.exchange.cancelOrder(id, this.ctx.symbol));
      if (!r.ok && !isUnknownOrder(r.error)) return false;
      this.current = undefined;
    }
    const n = ++this.seq;
    const intent: Intent = { clientOrderId: `${PREFIX}${n}`, id: undefined, state: 'unknown' };
    this.current = intent;
    const volume = Number((0.001 + n * 0.00001).toFixed(8));
    const r = await this.api.call('private', () =>
      this.ctx.exchange.createOrder(this.ctx.symbol, 'limit', 'buy', volume, restingBuyPrice(bid), { clientOrderId: intent.clientOrderId }));
    if (!r.ok) return false;
    intent.id = r.value.id;
    intent.state = 'open';
    return true;
  }

  /** Asks by client order id whether the order whose reply was lost is open; if not, it was never placed or is closed. */
  async settle(): Promise<boolean> {
    const c = this.current;
    if (!c || c.state !== 'unknown') return true;
    const r = this.ctx.dialect === 'binance' ? await this.lookUp(c.clientOrderId) : await this.api.call('private', () =>
      this.ctx.exchange.fetchOpenOrders(this.ctx.symbol, undefined, undefined, { clientOrderId: c.clientOrderId }));
    if (!r.ok) return false;
    this.adopt(r.value);
    return true;
  }

  /** Binance: the order by `origClientOrderId` (GET /api/v3/order), as a list of it if open; none if unknown (-2013) or closed. */
  private async lookUp(clientOrderId: string): Promise<Attempt<Order[]>> {
    // ccxt asks by origClientOrderId instead of the order id when one is given; the id is left out.
    const noId = undefined as unknown as string;
    const r = await this.api.call('private', async () => {
      try {
        return await this.ctx.exchange.fetchOrder(noId, this.ctx.symbol, { origClientOrderId: clientOrderId });
      } catch (e) {
        if (e instanceof ccxt.OrderNotFound) return undefined;
        throw e;
      }
    });
    return r.ok ? { ok: true, value: r.value?.status === 'open' ? [r.value] : [] } : r;
  }

  /** Compares the bot's memory with the exchange's open orders: adopts its order, forgets a closed one, cancels strays. */
  async reconcile(): Promise<boolean> {
    const r = await this.api.call('private', () => this.ctx.exchange.fetchOpenOrders(this.ctx.symbol));
    if (!r.ok) return false;
    const mine = r.value.filter((o) => o.clientOrderId?.startsWith(PREFIX));
    this.adopt(mine);
    const stray = mine.find((o) => o.id !== this.current?.id)?.id;
    if (stray === undefined) return true;
    const c = await this.api.call('private', () => this.ctx.exchange.cancelOrder(stray, this.ctx.symbol));
    return c.ok || isUnknownOrder(c.error);
  }

  /** Updates the current order from a list of open orders: found (txid learnt) or gone. */
  private adopt(open: readonly Order[]): void {
    const c = this.current;
    if (!c) return;
    const found = open.find((o) => o.clientOrderId === c.clientOrderId);
    if (found) {
      c.id = found.id;
      c.state = 'open';
    } else {
      this.current = undefined;
    }
  }
}
