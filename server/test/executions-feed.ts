import { afterAll, beforeAll } from 'vitest';
import { startExchange } from '../src/app.js';
import { connectWs, wsToken, type WsTestClient } from './ws-client.js';

type ManualExchange = Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;

/**
 * For the enclosing describe block: an exchange on the manual clock and a v2 private socket
 * subscribed to its default account's executions (no order snapshot), started before its tests
 * and closed after them. Read the handle's fields inside tests.
 */
export function useExecutionsFeed(): { ex: ManualExchange; token: string; c: WsTestClient } {
  const handle = {} as { ex: ManualExchange; token: string; c: WsTestClient };
  beforeAll(async () => {
    handle.ex = await startExchange({ port: 0, clock: 'manual' });
    handle.token = await wsToken(handle.ex.url, handle.ex.accounts[0]!, 1);
    handle.c = await connectWs(`${handle.ex.url.replace('http', 'ws')}/v2-auth`);
    handle.c.send({ method: 'subscribe', params: { channel: 'executions', token: handle.token, snap_orders: false }, req_id: 1 });
    await handle.c.next((m) => m.req_id === 1);
  });
  afterAll(async () => {
    handle.c.ws.close();
    await handle.ex.close();
  });
  return handle;
}
