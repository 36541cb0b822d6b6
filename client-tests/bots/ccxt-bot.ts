/**
 * A bot written against ccxt / ccxt.pro 4.5.84 with nothing changed for chaos-exchange: its
 * Kraken URLs are ccxt's own (api.kraken.com, ws.kraken.com, ws-auth.kraken.com). Only the key
 * and secret come from the environment. It prints one JSON line per call, then exits; the test
 * reads the lines.
 */
import ccxt from 'ccxt';

const say = (what: string, value: unknown): void => void process.stdout.write(`${JSON.stringify({ what, value })}\n`);
const kraken = new ccxt.pro.kraken({ apiKey: process.env.CHAOS_EXCHANGE_API_KEY, secret: process.env.CHAOS_EXCHANGE_API_SECRET });

say('time', await kraken.fetchTime());
say('balance', (await kraken.fetchBalance()).total);
const ticker = await kraken.watchTicker('BTC/USD');
say('ticker', { symbol: ticker.symbol, bid: ticker.bid, ask: ticker.ask });
const order = await kraken.createOrder('BTC/USD', 'limit', 'buy', 0.01, 1000);
say('order', { id: order.id });
const open = await kraken.watchOrders('BTC/USD');
say('watchOrders', open.map((o) => ({ id: o.id, status: o.status, amount: o.amount, price: o.price })));
await kraken.close();
process.exit(0);
