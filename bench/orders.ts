import type { RequestStep } from 'autocannon';
import { krakenSign } from 'chaos-exchange';

/** An API key and its base64 secret, as `chaos-exchange serve` prints them. */
export interface Credentials {
  key: string;
  secret: string;
}

/** Issues strictly increasing nonces for one key (shared by every connection of the load generator). */
export class Nonces {
  private last = Date.now() * 1000;

  next(): string {
    return String(++this.last);
  }
}

/** A signed private POST: the form body (nonce first) and the API-Key / API-Sign headers. */
export function signedPost(path: string, params: Record<string, string>, creds: Credentials, nonce: string): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({ nonce, ...params }).toString();
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'api-key': creds.key, 'api-sign': krakenSign(path, nonce, body, creds.secret) },
  };
}

/** A limit buy at `price` small enough to rest far below the market, never filled. */
export const restingBuy = (price: string): Record<string, string> => ({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price, volume: '0.001' });

/** Replies that were not Kraken successes: how many, and the start of the last one. */
export interface Failures {
  count: number;
  last?: string;
}

/** Whether a reply is a Kraken success envelope. */
export const isSuccess = (body: string): boolean => body.startsWith('{"error":[]');

/**
 * The AddOrder + CancelOrder pair as autocannon request steps, each signed as it is sent: the
 * cancel names the txid the add returned (a connection whose add failed starts over). Replies
 * that are not Kraken successes are counted in `failures.count`.
 */
export function orderPairSteps(creds: Credentials, price: string, nonces: Nonces, failures: Failures): RequestStep[] {
  const check = (body: string): void => {
    if (isSuccess(body)) return;
    failures.count++;
    failures.last = body.slice(0, 200);
  };
  return [
    {
      method: 'POST', path: '/0/private/AddOrder',
      setupRequest: (req) => ({ ...req, ...signedPost('/0/private/AddOrder', restingBuy(price), creds, nonces.next()) }),
      onResponse: (_status, body, context) => {
        check(body);
        context.txid = /"txid":\["([^"]+)"/.exec(body)?.[1];
      },
    },
    {
      method: 'POST', path: '/0/private/CancelOrder',
      setupRequest: (req, context) => (typeof context.txid === 'string'
        ? { ...req, ...signedPost('/0/private/CancelOrder', { txid: context.txid }, creds, nonces.next()) }
        : undefined),
      onResponse: (_status, body) => check(body),
    },
  ];
}
