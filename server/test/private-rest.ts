import { expect } from 'vitest';
import { sign } from '../src/api/kraken/rest/auth.js';

let nonce = 5_000;

/** A signed private REST call against a running server (form-encoded); returns Kraken's `result`, expecting no error. */
export async function privateRest(url: string, account: { key: string; secret: string }, method: string, params: Record<string, string>): Promise<any> {
  const json = await privateCall(url, account, method, params);
  expect(json.error).toEqual([]);
  return json.result;
}

/** The same, returning the whole reply (`error` and `result`) for tests of refusals. */
export async function privateCall(url: string, account: { key: string; secret: string }, method: string, params: Record<string, string>): Promise<{ error: string[]; result?: any }> {
  const body = new URLSearchParams({ nonce: String(++nonce), ...params }).toString();
  const path = `/0/private/${method}`;
  const res = await fetch(`${url}${path}`, {
    method: 'POST', body,
    headers: { 'API-Key': account.key, 'API-Sign': sign(path, String(nonce), body, account.secret), 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return (await res.json()) as { error: string[]; result?: any };
}
