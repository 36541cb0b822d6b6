import type { RequestStep } from 'autocannon';
import { isSuccess, restingBuy, signedPost, type Credentials, type Failures, type Nonces } from './orders.js';

/** The status poll of the mixed workload (Statuspage's summary, what a bot watching the page asks for). */
export const STATUS_PATH = '/api/v2/summary.json';

/** Reads over the whole kept history, one of them in place of QueryOrders once every HISTORY_EVERY cycles. */
const HISTORY_READS = ['ClosedOrders', 'TradesHistory', 'Ledgers'] as const;
const HISTORY_EVERY = 100;

/** A Kraken success, or the status page's JSON for the status poll. */
const succeeded = (path: string, body: string): boolean => (path === STATUS_PATH ? body.startsWith('{"page":') : isSuccess(body));

/**
 * One cycle of ten requests, as a trading bot might mix them: a limit buy that rests, OpenOrders,
 * the cancel of that buy, a market buy, Balance, a market sell, Ticker, Depth, a status poll and
 * QueryOrders of the canceled buy (once every HISTORY_EVERY cycles ClosedOrders, TradesHistory or
 * Ledgers instead, which read the whole kept history). Every private request is signed as it is
 * sent; replies that are not successes are counted in `failures`. Per 10 requests: three orders
 * placed, two filled at once (one fill each, two ledger entries each), one canceled.
 */
export function mixedSteps(creds: Credentials, restPrice: string, nonces: Nonces, failures: Failures): RequestStep[] {
  let cycles = 0;
  const check = (path: string, body: string): void => {
    if (succeeded(path, body)) return;
    failures.count++;
    failures.last = `${path}: ${body.slice(0, 200)}`;
  };
  const signed = (method: string, params: (context: Record<string, unknown>) => Record<string, string> | undefined, then?: (body: string, context: Record<string, unknown>) => void): RequestStep => {
    const path = `/0/private/${method}`;
    return {
      method: 'POST', path,
      setupRequest: (req, context) => {
        const p = params(context);
        return p ? { ...req, ...signedPost(path, p, creds, nonces.next()) } : undefined;
      },
      onResponse: (_status, body, context) => {
        check(path, body);
        then?.(body, context);
      },
    };
  };
  const get = (path: string): RequestStep => ({ method: 'GET', path, onResponse: (_status, body) => check(path, body) });
  const market = (type: 'buy' | 'sell'): Record<string, string> => ({ pair: 'XBTUSD', type, ordertype: 'market', volume: '0.001' });
  const lastRead: RequestStep = {
    method: 'POST', path: '/0/private/QueryOrders',
    setupRequest: (req, context) => {
      const turn = ++cycles % HISTORY_EVERY;
      const method = turn < HISTORY_READS.length ? HISTORY_READS[turn]! : 'QueryOrders';
      const path = `/0/private/${method}`;
      const params: Record<string, string> = method === 'QueryOrders' ? { txid: String(context.txid), trades: 'true' } : {};
      return { ...req, path, ...signedPost(path, params, creds, nonces.next()) };
    },
    onResponse: (_status, body) => check('history read', body),
  };
  return [
    signed('AddOrder', () => restingBuy(restPrice), (body, context) => void (context.txid = /"txid":\["([^"]+)"/.exec(body)?.[1])),
    signed('OpenOrders', () => ({})),
    signed('CancelOrder', (context) => (typeof context.txid === 'string' ? { txid: context.txid } : undefined)),
    signed('AddOrder', () => market('buy')),
    signed('Balance', () => ({})),
    signed('AddOrder', () => market('sell')),
    get('/0/public/Ticker?pair=XBTUSD'),
    get('/0/public/Depth?pair=XBTUSD'),
    get(STATUS_PATH),
    lastRead,
  ];
}
