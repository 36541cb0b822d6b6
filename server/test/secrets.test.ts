import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../src/api/kraken/rest/auth.js';
import { startExchange, type RunningExchange } from '../src/app.js';
import { judge } from '../src/verdict/verdict.js';
import { connectWs } from './ws-client.js';

// The mock never writes a credential where others read: the journal, the control API, the
// dashboard's data and the verdict name accounts, never keys, secrets, signatures or tokens.

let ex: RunningExchange;
beforeAll(async () => {
  ex = await startExchange({ clock: 'manual', seed: 5, controlToken: 'control-token-value' });
});
afterAll(async () => {
  await ex.close();
});

let nonce = 0;
async function post(method: string, params: Record<string, string>, secret: string): Promise<{ body: any; signature: string }> {
  const path = `/0/private/${method}`;
  const n = String(++nonce);
  const body = new URLSearchParams({ nonce: n, ...params }).toString();
  const signature = sign(path, n, body, secret);
  const res = await fetch(`${ex.url}${path}`, { method: 'POST', body, headers: { 'API-Key': ex.accounts[0]!.key, 'API-Sign': signature, 'content-type': 'application/x-www-form-urlencoded' } });
  return { body: await res.json(), signature };
}

describe('no secret is logged', () => {
  it('journal, control API, dashboard and verdict hold no key, secret, signature or token', async () => {
    const { key, secret } = ex.accounts[0]!;
    const signatures: string[] = [];
    const token = await post('GetWebSocketsToken', {}, secret);
    signatures.push(token.signature);
    const wsToken = token.body.result.token as string;
    for (const [method, params] of [['Balance', {}], ['AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000', volume: '0.01' }]] as const) {
      const r = await post(method, params, secret);
      expect(r.body.error).toEqual([]);
      signatures.push(r.signature);
    }
    const forged = await post('Balance', {}, Buffer.alloc(64, 1).toString('base64'));
    expect(forged.body.error).toEqual(['EAPI:Invalid signature']);
    signatures.push(forged.signature);
    const ws = await connectWs(`${ex.url.replace('http', 'ws')}/v2-auth`);
    ws.send({ method: 'subscribe', params: { channel: 'balances', token: wsToken }, req_id: 1 });
    await ws.next((m) => m.method === 'subscribe');
    ws.ws.close();
    await ws.closed;

    const control = (path: string) => fetch(`${ex.url}/__chaos${path}`).then((r) => r.text());
    const published = [
      JSON.stringify(ex.journal.list({ limit: 10_000 })),
      await control('/state'), await control('/journal'), await control('/dashboard'),
      JSON.stringify(judge(ex.scenario, ex.engine, ex.exchange, ex.journal, ex.engine.startTime, ex.clock.now())),
    ].join('\n');
    expect(published).toContain('AddOrder');
    for (const secretThing of [key, secret, wsToken, 'control-token-value', ...signatures]) expect(published).not.toContain(secretThing);
  });
});
