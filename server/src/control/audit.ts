import { ZERO } from '../exchange/decimal.js';
import type { Exchange } from '../exchange/exchange.js';

/**
 * Money invariants every test run must keep: for each account and asset the ledger explains the
 * balance (start + Σ(amount − fee) = balance, and each entry's running balance chains), holds are
 * non-negative and never exceed balances, and open orders' holds add up to the account's holds.
 * Returns a list of violations (empty when all is well).
 */
export function auditExchange(ex: Exchange): string[] {
  const problems: string[] = [];
  for (const account of ex.accounts.values()) {
    const running = new Map<string, bigint>(Object.entries(account.spec.balances));
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
  for (const f of ex.trading.fills.values()) {
    const o = ex.trading.orders.get(f.orderId);
    if (!o || !o.trades.includes(f.id)) problems.push(`fill ${f.id} not on its order`);
  }
  return problems;
}
