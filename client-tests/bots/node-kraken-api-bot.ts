/**
 * A bot written against node-kraken-api 2.2.2 as its README shows, with nothing changed for
 * chaos-exchange: the library dials api.kraken.com, ws.kraken.com and ws-auth.kraken.com itself
 * (it has no option for another host). Only the key and secret come from the environment. It
 * prints one JSON line per thing it saw, then a summary, and exits; the test reads the lines.
 */
import { Kraken } from 'node-kraken-api';

const say = (what: string, value: unknown): void => void process.stdout.write(`${JSON.stringify({ what, value })}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const kraken = new Kraken({ key: process.env.CHAOS_EXCHANGE_API_KEY, secret: process.env.CHAOS_EXCHANGE_API_SECRET, timeout: 10_000 });

say('time', await kraken.time());
say('balance', await kraken.balance());
say('ticker-rest', await kraken.ticker({ pair: 'XXBTZUSD' }));

let tickers = 0;
await kraken.ws.ticker().on('update', (update, pair) => {
  if (tickers++ === 0) say('ticker', { pair, update });
}).subscribe('XBT/USD');

let mirrors = 0;
let subscribed = 0;
let lastMirror: unknown;
await kraken.ws.book({ depth: 10 })
  .on('status', (status) => { if (status.status === 'subscribed') subscribed++; })
  .on('mirror', (mirror, pair) => { mirrors++; lastMirror = { pair, mirror }; })
  .on('error', (error) => say('book-error', String(error)))
  .subscribe('XBT/USD');

const order = await kraken.addOrder({ pair: 'XXBTZUSD', type: 'buy', ordertype: 'limit', price: '1000', volume: '0.01' });
say('addOrder', order);
const { token } = await kraken.getWebSocketsToken();
await new Promise<void>((resolve) => {
  void kraken.ws.openOrders({ token: token ?? '' }).on('update', (update, sequence) => {
    say('openOrders', { update, sequence });
    resolve();
  }).subscribe();
});

await sleep(15_000);
say('summary', { tickers, mirrors, bookSubscriptions: subscribed, lastMirror });
kraken.ws.pub.terminate();
kraken.ws.priv.terminate();
process.exit(0);
