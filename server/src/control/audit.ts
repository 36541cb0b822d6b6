import { ZERO } from '../exchange/decimal.js';
import type { Exchange } from '../exchange/exchange.js';

/**
 * Money invariants every test run must keep: for each account and asset the ledger explains the
 * balance (opening + Σ(amount − fee) = balance, and each entry's running balance chains, where the
 * opening balance is the scenario's until old entries are forgotten, then the last forgotten
 * entry's, each forgotten entry having been checked to chain too), holds are non-negative and
 * never exceed balances, and open orders' holds add up to the account's holds. Orders and fills
 * are accounted for: those held plus those forgotten by the history bound are all that were made,
 * every fill sits on its order and every order's fills are held, and no more ended orders or
 * ledger entries are held than the bound allows. Returns a list of violations (empty when all is well).
 */
export function auditExchange(ex: Exchange): string[] {
  const problems: string[] = [];
  for (const account of ex.accounts.values()) {
    if (account.forgotten.unexplained.length > 0) problems.push(`${account.name}: forgotten ledger entries ${account.forgotten.unexplained.join(', ')} did not follow from the balance before them`);
    if (account.ledger.length > account.ledgerLimit) problems.push(`${account.name}: ${account.ledger.length} ledger entries held, over the limit of ${account.ledgerLimit}`);
    const running = new Map<string, bigint>(account.opening);
    for (const e of account.ledger) {
      const next = (running.get(e.asset) ?? ZERO) + e.amount - e.fee;
      if (next !== e.balance) problems.push(`${account.name} ${e.id}: balance ${e.balance} does not follow from ${next}`);
      running.set(e.asset, next);
    }
    for (const [asset, balance] of account.balances) {
      if ((running.get(asset) ?? ZERO) !== balance) problems.push(`${account.name} ${asset}: ledger says ${running.get(asset)}, balance ${balance}`);
      if (balance < 0n) problems.push(`${account.name} ${asset}: negative balance ${balance}`);
    }
    const orderHolds = new Map<string, bigint>();
    for (const o of ex.trading.orders.values()) {
      if (o.account !== account.name) continue;
      if (o.hold < 0n) problems.push(`${o.id}: negative hold`);
      if (o.executed > o.volume) problems.push(`${o.id}: executed ${o.executed} > volume ${o.volume}`);
      if (o.status !== 'open' && o.status !== 'pending' && o.hold !== 0n) problems.push(`${o.id}: closed with a hold`);
      if (o.hold > 0n) orderHolds.set(o.holdAsset, (orderHolds.get(o.holdAsset) ?? ZERO) + o.hold);
    }
    for (const [asset, held] of account.holds) {
      if (held < 0n || held > account.balance(asset)) problems.push(`${account.name} ${asset}: hold ${held} outside 0..${account.balance(asset)}`);
      if ((orderHolds.get(asset) ?? ZERO) !== held) problems.push(`${account.name} ${asset}: holds ${held} ≠ Σ order holds ${orderHolds.get(asset)}`);
    }
  }
  return [...problems, ...auditHistory(ex)];
}

/** Orders and fills: held + forgotten = made, fills and orders point at each other, ended orders within the bound, the live list is the open and pending ones. */
function auditHistory(ex: Exchange): string[] {
  const problems: string[] = [];
  const { orders, fills, tally, historyLimit } = ex.trading;
  if (orders.size + tally.forgottenOrders !== tally.orders) problems.push(`orders: ${orders.size} held + ${tally.forgottenOrders} forgotten ≠ ${tally.orders} placed`);
  if (fills.size + tally.forgottenFills !== tally.fills) problems.push(`fills: ${fills.size} held + ${tally.forgottenFills} forgotten ≠ ${tally.fills} made`);
  for (const f of fills.values()) {
    const o = orders.get(f.orderId);
    if (!o || !o.trades.includes(f.id)) problems.push(`fill ${f.id} not on its order`);
  }
  let ended = 0;
  for (const o of orders.values()) {
    if (o.status !== 'open' && o.status !== 'pending') ended++;
    for (const id of o.trades) if (!fills.has(id)) problems.push(`${o.id}: its fill ${id} is lost`);
  }
  const live = new Set(ex.trading.liveOrders());
  for (const o of live) if (orders.get(o.id) !== o || (o.status !== 'open' && o.status !== 'pending')) problems.push(`${o.id}: listed as live but ${orders.get(o.id) === o ? o.status : 'not held'}`);
  if (orders.size - ended !== live.size) problems.push(`orders: ${orders.size - ended} open or pending, ${live.size} listed as live`);
  if (ended > historyLimit) problems.push(`orders: ${ended} ended orders held, over the history limit of ${historyLimit}`);
  return problems;
}
