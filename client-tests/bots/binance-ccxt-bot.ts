/**
 * A bot written against ccxt / ccxt.pro 4.5.84's `binance` with nothing changed for chaos-exchange:
 * no URL and default options, so it dials Binance's own hosts (api.binance.com, fapi/dapi for the
 * default loadMarkets, stream.binance.com:9443, ws-api.binance.com). Only the key and secret come
 * from the environment. It prints one JSON line per call, then exits; the test reads the lines.
 */
import ccxt from 'ccxt';

const say = (what: string, value: unknown): void => void process.stdout.write(`${JSON.stringify({ what, value })}\n`);
const binance = new ccxt.pro.binance({ apiKey: process.env.CHAOS_EXCHANGE_API_KEY, secret: process.env.CHAOS_EXCHANGE_API_SECRET });
const SYMBOL = 'BTC/USD';

const markets = await binance.loadMarkets();
say('markets', { count: Object.keys(markets).length, btc: markets[SYMBOL]?.id });
const ticker = await binance.fetchTicker(SYMBOL);
say('ticker', { symbol: ticker.symbol, bid: ticker.bid, ask: ticker.ask });
say('balance', (await binance.fetchBalance()).total);
const book = await binance.watchOrderBook(SYMBOL);
say('book', { symbol: book.symbol, bid: book.bids[0]?.[0], ask: book.asks[0]?.[0], nonce: book.nonce });
// The user data subscription (WebSocket API) is confirmed before the order, so its events are not missed.
await binance.authenticate();
const opened = binance.watchOrders(SYMBOL);
const price = Number(binance.priceToPrecision(SYMBOL, ticker.bid! * 0.8));
const order = await binance.createOrder(SYMBOL, 'limit', 'buy', 0.01, price);
say('order', { id: order.id, status: order.status, price });
say('watchOrders', (await opened).map((o) => ({ id: o.id, status: o.status, amount: o.amount })));
const cancelled = await binance.cancelOrder(order.id!, SYMBOL);
say('cancel', { id: cancelled.id, status: cancelled.status });
await binance.close();
process.exit(0);
