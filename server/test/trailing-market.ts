import { startExchange } from '../src/app.js';
import { fmt } from '../src/exchange/decimal.js';

/** A port-0 exchange on the manual clock. */
export type ManualExchange = Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;

/**
 * Steering BTC/USD's price for trigger tests: the random walk is stilled (no volatility, no
 * drift) so the price goes only where a test sends it, through the control API's `/price`.
 */
export function steadyMarket(ex: ManualExchange): { last(): number; moveTo(price: number): Promise<number> } {
  const market = ex.exchange.markets.get('BTC/USD')!;
  market.volatility = 0;
  market.drift = 0;
  const last = (): number => Number(fmt(market.last, 1));
  return {
    last,
    /** Sets the mid and lets simulated trades happen until the last trade is within 0.2 % of it; returns the last price. */
    async moveTo(price: number): Promise<number> {
      const res = await fetch(`${ex.url}/__chaos/price`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pair: 'XBT/USD', price }) });
      if (res.status !== 200) throw new Error(`moving the price: ${res.status} ${await res.text()}`);
      for (let i = 0; i < 120 && Math.abs(last() - price) > price * 0.002; i++) ex.clock.advance(1_000);
      ex.exchange.sync(ex.clock.now());
      if (Math.abs(last() - price) > price * 0.002) throw new Error(`the last trade stayed at ${last()}, far from ${price}`);
      return last();
    },
  };
}
