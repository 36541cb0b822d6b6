import { parseDuration } from '../clock/duration.js';
import type { JournalEntry } from '../control/journal.js';
import type { Operation } from '../exchange/operations.js';
import type { Order } from '../exchange/types.js';
import { at, fail, notApplicable, pass, secs, some, type CheckContext, type Finding } from './check.js';
import { failed } from './phases.js';

const ms = (d: string): number => parseDuration(d) as number;

/** Intervals during which the client held a WebSocket open (it gets status frames pushed). */
function wsOpen(ctx: CheckContext): [number, number][] {
  const open: [number, number][] = [];
  const pending = new Map<string, number[]>();
  for (const e of ctx.entries) {
    if (e.route.startsWith('ws:connect') && e.status === 101) pending.set(e.ip, [...(pending.get(e.ip) ?? []), e.time]);
    if (e.route.startsWith('ws:close')) {
      const starts = pending.get(e.ip) ?? [];
      const s = starts.shift();
      if (s !== undefined) open.push([s, e.time]);
    }
  }
  for (const starts of pending.values()) for (const s of starts) open.push([s, ctx.end]);
  return open;
}

/**
 * During every outage phase the client looks at the status page, asks the API's own status
 * operation (Kraken SystemStatus, Binance `/sapi/v1/system/status`) or holds a WebSocket at least every `every`.
 */
export function watchStatus(o: { every: string }, ctx: CheckContext): Finding {
  const every = ms(o.every);
  const outages = ctx.spans.filter((p) => !p.calm && p.end - p.start > every);
  if (outages.length === 0) return notApplicable(`no outage phase longer than ${o.every}`);
  const polls = ctx.entries.filter((e) => e.transport === 'status' || e.op === 'status').map((e) => e.time);
  const sockets = wsOpen(ctx);
  const covered = [...polls.map((x): [number, number] => [x, x]), ...sockets].sort((a, b) => a[0] - b[0]);
  const bad: string[] = [];
  for (const p of outages) {
    let seen = p.start;
    for (const [a, b] of covered) {
      if (b < p.start || a > p.end) continue;
      if (a - seen > every) break;
      seen = Math.max(seen, Math.min(b, p.end));
    }
    const gapEnd = covered.find(([a]) => a > seen && a <= p.end)?.[0] ?? p.end;
    if (gapEnd - seen > every) bad.push(`phase "${p.name}": nothing looked at the status page or held a WebSocket from ${at(ctx, seen)} to ${at(ctx, gapEnd)}`);
  }
  return bad.length ? fail(...some(bad)) : pass(`${polls.length} status poll(s), ${sockets.length} WebSocket connection(s) covered ${outages.length} outage phase(s)`);
}

/** Operations by which a client checks its own state: its orders, balances, trades or ledgers, or a subscription to its own streams. */
const RECONCILING: ReadonlySet<Operation> = new Set<Operation>(['open-orders', 'query-orders', 'closed-orders', 'balance', 'trades-history', 'ledgers', 'subscribe-private']);

/** After each recovery (an outage phase followed by a calm one) the client checks its state within `within`. */
export function reconcile(o: { within: string }, ctx: CheckContext): Finding {
  const within = ms(o.within);
  const recoveries = ctx.spans.filter((p, i) => i > 0 && p.calm && !ctx.spans[i - 1]!.calm && p.start + within <= ctx.end);
  if (recoveries.length === 0) return notApplicable(`no recovery at least ${o.within} before the end of the run`);
  const bad: string[] = [];
  for (const r of recoveries) {
    const check = ctx.entries.find((e) => e.time >= r.start && e.time <= r.start + within && !failed(e) && e.op !== undefined && RECONCILING.has(e.op));
    if (!check) bad.push(`recovery at ${at(ctx, r.start)} (phase "${r.name}"): no ${[...RECONCILING].slice(0, 4).join('/')}… nor private subscription within ${o.within}`);
  }
  return bad.length ? fail(...bad) : pass(`checked orders or balances after each of ${recoveries.length} recovery(ies)`);
}

/**
 * Requests whose reply the client lost (a fault, a reset, no answer, an error) though they placed
 * orders, each with the orders it placed: paired by the ids journaled with the request, whatever
 * the timestamps (on the real clock an order is placed some ms after its request arrived).
 */
function lostReplies(ctx: CheckContext): { entry: JournalEntry; order: Order }[] {
  const out: { entry: JournalEntry; order: Order }[] = [];
  for (const e of ctx.entries) {
    if (!e.effects?.created || !failed(e)) continue;
    for (const id of e.effects.created) {
      // An order the history has since forgotten can no longer be compared.
      const order = ctx.exchange.trading.orders.get(id);
      if (order) out.push({ entry: e, order });
    }
  }
  return out;
}

/** What makes two orders copies of each other: account, pair, side, type, volume and price. */
const sameOrder = (o: Order): string => `${o.account}/${o.symbol}/${o.side}/${o.type}/${o.volume}/${o.price ?? ''}`;

/**
 * No second, identical order within `window` after an order whose reply was lost (ambiguous
 * commit). Copies are the orders placed after it (in the exchange's placing order, so one on the
 * same clock tick counts) whose time is within the window.
 */
export function noDuplicateOrders(o: { window: string }, ctx: CheckContext): Finding {
  const lost = lostReplies(ctx);
  if (lost.length === 0) return notApplicable('no order was placed whose reply was lost');
  const window = ms(o.window);
  const orders = [...ctx.exchange.trading.orders.values()];
  const position = new Map(orders.map((x, i) => [x.id, i]));
  const bad: string[] = [];
  for (const { entry, order } of lost) {
    const key = sameOrder(order);
    const dupes = orders.slice(position.get(order.id)! + 1).filter((x) => x.openedAt <= order.openedAt + window && sameOrder(x) === key);
    if (dupes.length) bad.push(`${order.id} was placed at ${at(ctx, order.openedAt)} though its reply was lost (${entry.error ?? `HTTP ${entry.status}`}); copies: ${dupes.map((d) => `${d.id} at ${at(ctx, d.openedAt)}`).join(', ')}`);
  }
  return bad.length ? fail(...some(bad)) : pass(`${lost.length} lost reply(ies), no duplicate order`);
}

/** Once armed, the dead man's switch (operation `cancel-after`) is called again at least every `every` until disarmed (timeout 0) or the run ends. */
export function deadMansSwitch(o: { every: string }, ctx: CheckContext): Finding {
  const every = ms(o.every);
  const calls = ctx.entries.filter((e) => e.op === 'cancel-after' && !failed(e));
  if (calls.length === 0) return notApplicable('the dead man\'s switch was never armed');
  const bad: string[] = [];
  let armed: number | undefined;
  let last = 0;
  for (const c of calls) {
    const disarm = c.detail?.timeout === '0';
    if (armed !== undefined && c.time - last > every) bad.push(`${secs(c.time - last)} without a keep-alive before ${at(ctx, c.time)}`);
    armed = disarm ? undefined : armed ?? c.time;
    last = c.time;
  }
  if (armed !== undefined && ctx.end - last > every) bad.push(`no keep-alive after ${at(ctx, last)} (${secs(ctx.end - last)} to the end)`);
  return bad.length ? fail(...some(bad)) : pass(`${calls.length} keep-alive call(s), never more than ${o.every} apart`);
}
