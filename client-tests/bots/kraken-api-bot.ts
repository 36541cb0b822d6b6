/**
 * A bot written against kraken-api 1.0.2 (npm `kraken-api`) as its README shows, with nothing
 * changed for chaos-exchange: the client's default URL is https://api.kraken.com. Only the key
 * and secret come from the environment. It prints one JSON line per call, then exits; the test
 * reads the lines.
 */
import KrakenClient from 'kraken-api';

const say = (what: string, value: unknown): void => void process.stdout.write(`${JSON.stringify({ what, value })}\n`);
const kraken = new KrakenClient(process.env.CHAOS_EXCHANGE_API_KEY ?? '', process.env.CHAOS_EXCHANGE_API_SECRET ?? '', { timeout: 10_000 });

say('time', (await kraken.api('Time')).result);
say('balance', (await kraken.api('Balance')).result);
const added = (await kraken.api('AddOrder', { pair: 'XXBTZUSD', type: 'buy', ordertype: 'limit', price: '1000', volume: '0.01' })).result;
say('addOrder', added);
say('openOrders', (await kraken.api('OpenOrders')).result);
say('cancelOrder', (await kraken.api('CancelOrder', { txid: added.txid[0] })).result);
try {
  await kraken.api('AddOrder', { pair: 'XXBTZUSD', type: 'buy', ordertype: 'limit', price: '1000', volume: 'lots' });
} catch (e) {
  say('error', (e as Error).message);
}
