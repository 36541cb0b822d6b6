import { createHash } from 'node:crypto';
import type { Dec } from '../../exchange/decimal.js';
import type { Exchange } from '../../exchange/exchange.js';
import type { Order } from '../../exchange/types.js';

/** What the Binance dialect knows of one core order beyond the core itself. */
export interface OrderTag {
  /** Binance's integer `orderId`, unique within the order's market. */
  id: number;
  /** The `clientOrderId`: the core's clOrdId, or a 22-character id derived from the core id when the client gave none. */
  clientId: string;
  /** A MARKET order's `quoteOrderQty` as sent, shown as `origQuoteOrderQty`; absent otherwise. */
  quoteQty?: Dec | undefined;
}

/** A client order id Binance would have generated: 22 characters, steady for the same seed. */
export const generatedClientId = (seed: string): string => createHash('sha256').update(seed).digest('base64url').slice(0, 22);

/**
 * Binance's integer order ids over the core's string ids, per market, assigned in placement order
 * (1, 2, 3… per symbol) to every order the core places, whichever dialect asked: the table listens
 * to the core's `new` events, and at creation numbers the orders the core already holds in the
 * order they were placed. Deterministic for the same sequence of placements.
 */
export class OrderIds {
  private readonly tags = new Map<string, OrderTag>();
  private readonly byId = new Map<string, Map<number, string>>();
  private readonly byClient = new Map<string, Map<string, string>>();
  private readonly next = new Map<string, number>();

  constructor(private readonly exchange: Exchange) {
    for (const o of exchange.trading.orders.values()) this.assign(o);
    exchange.trading.listeners.add((e) => {
      if (e.kind === 'new') this.assign(e.order);
    });
  }

  /** The tag of a core order (every order the core holds has one). */
  tag(order: Order): OrderTag {
    return this.tags.get(order.id) ?? this.assign(order);
  }

  /** The core order an account's Binance `orderId` names in a market, if the core still holds it. */
  byOrderId(account: string, symbol: string, id: number): Order | undefined {
    const core = this.byId.get(symbol)?.get(id);
    const o = core === undefined ? undefined : this.exchange.trading.orders.get(core);
    return o && o.account === account ? o : undefined;
  }

  /** The latest core order an account placed in a market under `clientId`, if held. */
  byClientId(account: string, symbol: string, clientId: string): Order | undefined {
    const core = this.byClient.get(`${account}\n${symbol}`)?.get(clientId);
    return core === undefined ? undefined : this.exchange.trading.orders.get(core);
  }

  private assign(order: Order): OrderTag {
    const known = this.tags.get(order.id);
    if (known) return known;
    const id = (this.next.get(order.symbol) ?? 0) + 1;
    this.next.set(order.symbol, id);
    const tag: OrderTag = { id, clientId: order.clOrdId ?? generatedClientId(order.id) };
    this.tags.set(order.id, tag);
    const ids = this.byId.get(order.symbol) ?? new Map<number, string>();
    ids.set(id, order.id);
    this.byId.set(order.symbol, ids);
    const key = `${order.account}\n${order.symbol}`;
    const clients = this.byClient.get(key) ?? new Map<string, string>();
    clients.set(tag.clientId, order.id);
    this.byClient.set(key, clients);
    return tag;
  }
}

const tables = new WeakMap<Exchange, OrderIds>();

/** The exchange's one OrderIds table, made on first use (call it at start-up to number from the first order). */
export function orderIdsOf(exchange: Exchange): OrderIds {
  let t = tables.get(exchange);
  if (!t) {
    t = new OrderIds(exchange);
    tables.set(exchange, t);
  }
  return t;
}
