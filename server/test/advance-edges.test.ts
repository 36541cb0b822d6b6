import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { controlServers, type Running } from './control-client.js';
import { connectWs, knock, type WsTestClient } from './ws-client.js';

/** Online for a minute, a minute of maintenance, then every public socket closed 1012 and new ones refused 503. */
const SCENARIO: ScenarioInput = {
  name: 'edges',
  market: { pairs: { 'XBT/USD': null } },
  timeline: [
    { name: 'up', duration: '1m' },
    { name: 'maintenance', duration: '1m', mode: 'maintenance' },
    { name: 'down', duration: '1m', mode: 'maintenance', faults: [{ effect: { kind: 'disconnect', code: 1012 } }, { effect: { kind: 'refuse', status: 503 } }] },
    { name: 'back' },
  ],
};

const { start, call } = controlServers(SCENARIO);
const wsUrl = (ex: Running, path: string): string => `${ex.url.replace('http', 'ws')}${path}`;

/** Both API versions' public sockets, each past its first status frame (which says online). */
async function openBoth(ex: Running): Promise<{ v2: WsTestClient; v1: WsTestClient }> {
  const v2 = await connectWs(wsUrl(ex, '/v2'));
  const v1 = await connectWs(wsUrl(ex, '/'));
  expect((await v2.next((m) => m.channel === 'status')).data[0].system).toBe('online');
  expect((await v1.next((m) => m.event === 'systemStatus')).status).toBe('online');
  return { v2, v1 };
}

/** `p`, or `late` if it has not settled within `ms` of real time (what falls due fires before the control call answers). */
function within<T>(p: Promise<T>, late: () => T, ms = 2_000): Promise<T> {
  return Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(late()), ms).unref())]);
}

/** Every status a socket announced until it closed, then how it closed: what the edges did to it, in order. */
async function story(c: WsTestClient, seen: string[]): Promise<string[]> {
  c.ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    if (m.channel === 'status') seen.push(`status ${m.data[0].system}`);
    if (m.event === 'systemStatus') seen.push(`status ${m.status}`);
  });
  const { code } = await c.closed;
  return [...seen, `closed ${code}`];
}

/** The story of `c` once the move is done, with 'still open' when no close came within the bound. */
async function storyAfter(c: WsTestClient, moved: Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const whole = story(c, seen);
  await moved;
  return within(whole, () => [...seen, 'still open']);
}

/** Opens both sockets, moves time over both edges with `move`, and checks each socket saw maintenance, then the close. */
async function overBothEdges(ex: Running, move: () => Promise<{ status: number; json: any }>): Promise<void> {
  const { v2, v1 } = await openBoth(ex);
  const moved = move();
  const stories = Promise.all([storyAfter(v2, moved), storyAfter(v1, moved)]);
  const r = await moved;
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  expect(r.json.phase.name).toBe('down');
  expect(await stories).toEqual([['status maintenance', 'closed 1012'], ['status maintenance', 'closed 1012']]);
  // New connections meet the phase in force: refused.
  expect((await knock(wsUrl(ex, '/v2'))).outcome).toBe('http 503');
}

describe('an advance or jump fires what falls due on the way, in order, paused or not', () => {
  for (const clock of ['system', 'manual'] as const) {
    for (const paused of clock === 'system' ? [true, false] : [false]) {
      const how = clock === 'manual' ? 'the manual clock' : `the ${paused ? 'paused' : 'running'} system clock`;

      it(`on ${how}, /advance over a maintenance edge and a disconnect edge: open sockets get the status frame, then the scripted close`, async () => {
        const ex = await start({ clock });
        if (paused) expect((await call(ex, 'POST', '/pause')).status).toBe(200);
        await overBothEdges(ex, () => call(ex, 'POST', '/advance', { by: '2m' }));
      });

      it(`on ${how}, /jump to the disconnect phase does the same`, async () => {
        const ex = await start({ clock });
        if (paused) expect((await call(ex, 'POST', '/pause')).status).toBe(200);
        await overBothEdges(ex, () => call(ex, 'POST', '/jump', { phase: 'down' }));
      });
    }
  }

  it('on the paused system clock, one advance at a time: the status frame comes at the first edge, the close at the second', async () => {
    const ex = await start({ clock: 'system' });
    const paused = (await call(ex, 'POST', '/pause')).json.elapsedMs as number;
    const { v2, v1 } = await openBoth(ex);
    expect((await call(ex, 'POST', '/advance', { by: '90s' })).json.phase.name).toBe('maintenance');
    expect((await within(v2.next((m) => m.channel === 'status'), () => undefined))?.data[0].system).toBe('maintenance');
    expect((await within(v1.next((m) => m.event === 'systemStatus'), () => undefined))?.status).toBe('maintenance');
    expect((await call(ex, 'POST', '/advance', { by: '30s' })).json.phase.name).toBe('down');
    expect(await within(v2.closed, () => undefined)).toEqual({ code: 1012, reason: 'Service restart' });
    expect(await within(v1.closed, () => undefined)).toEqual({ code: 1012, reason: 'Service restart' });
    // Time is still paused where the advance left it.
    expect((await call(ex, 'GET', '/state')).json).toMatchObject({ clock: { paused: true }, elapsedMs: paused + 120_000 });
  });
});
