import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

const SCENARIO: ScenarioInput = {
  name: 'half-close',
  market: { pairs: { 'XBT/USD': null } },
  timeline: [{ name: 'slow', faults: [
    { match: { route: 'Depth' }, effect: { kind: 'latency', fixed: '800ms' } },
    { match: { route: 'Trades' }, effect: { kind: 'hang' } },
  ] }],
};

type Running = Awaited<ReturnType<typeof startExchange<{ clock: 'manual' }>>>;
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((ex) => ex.close()));
});

/**
 * Sends one request and at once shuts the client's side of the socket (FIN), as `curl` piped
 * from a closed stdin or a one-shot client does; resolves with the status line the server sent
 * before closing (empty when it closed without answering).
 */
function halfClosed(port: number, method: string, path: string, body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      socket.end();
    });
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (got += d));
    socket.on('error', reject);
    socket.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
  });
}

describe('a request followed at once by the client\'s FIN (a half-closed socket)', () => {
  it('is answered on every route alike: Kraken, status page, control API reads and changes', async () => {
    const ex = await startExchange({ scenario: SCENARIO, port: 0, clock: 'manual' });
    running.push(ex);
    for (const [method, path, body] of [
      ['GET', '/0/public/Time', ''], ['GET', '/api/v2/status.json', ''], ['GET', '/api/v2/summary.json', ''],
      ['GET', '/__chaos/state', ''], ['POST', '/__chaos/advance', '{"by":"1s"}'], ['GET', '/__chaos/ui/', ''],
    ] as const) {
      expect(await halfClosed(ex.port, method, path, body), `${method} ${path}`).toBe('HTTP/1.1 200 OK');
    }
    expect(ex.clock.now() - ex.engine.startTime).toBe(1000);
  });

  it('is answered when the answer comes much later (a scripted 800 ms delay on the simulated clock)', async () => {
    const ex = await startExchange({ scenario: SCENARIO, port: 0, clock: 'manual' });
    running.push(ex);
    const scheduled = ex.clock.nextSchedule();
    const answer = halfClosed(ex.port, 'GET', '/0/public/Depth?pair=XBTUSD&count=1');
    await scheduled;
    ex.clock.advance(800);
    expect(await answer).toBe('HTTP/1.1 200 OK');
  });

  it('an answer that never ends (a scripted hang, the journal\'s event stream) is closed when the client shuts its side', async () => {
    const ex = await startExchange({ scenario: SCENARIO, port: 0, clock: 'manual' });
    running.push(ex);
    const listeners = (): number => (ex.journal as unknown as { listeners: Set<unknown> }).listeners.size;
    const before = listeners();
    expect(await halfClosed(ex.port, 'GET', '/0/public/Trades?pair=XBTUSD')).toBe('');
    await expect.poll(() => ex.requestsWaitingOnClock).toBe(0);
    expect(await halfClosed(ex.port, 'GET', '/__chaos/stream')).toBe('HTTP/1.1 200 OK');
    await expect.poll(() => listeners()).toBe(before);
  });

  it('a socket that sends nothing and shuts its side is closed (not held open)', async () => {
    const ex = await startExchange({ scenario: SCENARIO, port: 0, clock: 'manual' });
    running.push(ex);
    expect(await new Promise<string>((resolve) => {
      const socket = connect(ex.port, '127.0.0.1', () => socket.end());
      socket.on('close', () => resolve('closed'));
      socket.resume();
    })).toBe('closed');
  });
});
