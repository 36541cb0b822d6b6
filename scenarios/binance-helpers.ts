import { startExchange } from '../server/src/app.js';
import { signPayload } from '../server/src/api/binance/rest/signing.js';
import type { ManualClock } from '../server/src/clock/clock.js';

/** A built-in Binance scenario served on a real socket on the manual clock. */
export type Served = Awaited<ReturnType<typeof startExchange>> & { clock: ManualClock };

/** What a Binance client saw: HTTP status, the error code (`-1007`) or `ok`, and the JSON body (undefined for a page). */
export interface BinanceSeen {
  status: number;
  kind: string;
  body: any;
}

/** Serves built-in scenario `name` (its own `exchange: binance`) on port 0 with the manual clock. */
export async function serveBinance(name: string): Promise<Served> {
  return (await startExchange({ scenario: name, clock: 'manual', port: 0 })) as Served;
}

/** Waits for a reply while moving the manual clock to each timer the server sets (scripted latency). */
async function settle<T>(clock: ManualClock, p: Promise<T>): Promise<T> {
  for (;;) {
    const next = await Promise.race([p.then((v) => ({ v })), clock.nextSchedule().then((when) => ({ when }))]);
    if ('v' in next) return next.v;
    clock.advanceTo(Math.max(clock.now(), next.when));
  }
}

/**
 * A Binance call over HTTP as ccxt sends it (signed ones with the first account's key: POST in a
 * form body, others in the query), classified: `ok`, the Binance error code, or `http NNN` for a page.
 */
export async function binanceCall(s: Served, method: string, path: string, params: Record<string, string> = {}, signed = true): Promise<BinanceSeen> {
  const account = [...s.exchange.accounts.values()][0]!;
  let text = new URLSearchParams({ ...params, ...(signed ? { timestamp: String(s.clock.now()) } : {}) }).toString();
  if (signed) text = `${text}&signature=${signPayload(text, account.spec.secret)}`;
  const headers: Record<string, string> = signed ? { 'X-MBX-APIKEY': account.spec.key } : {};
  const sent = method === 'POST'
    ? fetch(`${s.url}${path}`, { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: text })
    : fetch(`${s.url}${path}${text ? `?${text}` : ''}`, { method, headers });
  const r = await settle(s.clock, sent.then(async (res) => ({ status: res.status, raw: await res.text() })));
  let body: any;
  try {
    body = JSON.parse(r.raw);
  } catch {
    body = undefined;
  }
  const kind = r.status === 200 ? 'ok' : typeof body?.code === 'number' ? String(body.code) : `http ${r.status}`;
  return { status: r.status, kind, body };
}

/** How many of `n` calls came back as each kind. */
export async function tallyBinance(n: number, call: (i: number) => Promise<BinanceSeen>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const k = (await call(i)).kind;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
