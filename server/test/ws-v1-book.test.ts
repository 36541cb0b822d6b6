import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kraken } from 'node-kraken-api';
import { startExchange } from '../src/app.js';
import { BookMirror, connectWs, drain, type Frame } from './ws-client.js';

type Level = [string, string, string];
type Snapshot = { as: Level[]; bs: Level[] };
const isBook = (f: Frame): boolean => Array.isArray(f) && /^book-\d+$/.test(f[f.length - 2]);

/** Feeds one v1 book frame to node-kraken-api 2.2.2's own book code, element by element as its subscriber does; the verdict of each element. */
function applyAsNodeKrakenApi(mirror: Snapshot, frame: Frame[]): boolean[] {
  return frame.slice(1, -2).map((element) => Kraken.WS.Book.applyUpdate(mirror as never, element as never).verified);
}

describe('WebSocket v1 book, as node-kraken-api reads it', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual' });
  });
  afterAll(() => ex.close());

  it('a step that changes both sides is sent one side per frame, each with its own "c": node-kraken-api verifies every element over 120 steps (was one {a,b,c} object, whose b it never applied)', async () => {
    const c = await connectWs(ex.url.replace('http', 'ws'));
    c.send({ event: 'subscribe', reqid: 1, pair: ['XBT/USD'], subscription: { name: 'book', depth: 10 } });
    const [, snap] = (await drain(c, true)).filter((f: Frame) => f.event === 'subscriptionStatus' || isBook(f));
    const mirror = structuredClone(snap[1]) as Snapshot;
    const ours = new BookMirror(10);
    ours.applyV1(snap);
    const verdicts: boolean[] = [];
    let bothSides = 0;
    for (let step = 0; step < 120; step++) {
      ex.clock.advance(1_000);
      const frames = (await drain(c, true)).filter(isBook);
      const sides = new Set<string>();
      for (const f of frames) {
        const elements = f.slice(1, -2) as Record<string, unknown>[];
        expect(elements.every((e) => !(e.a && e.b)), JSON.stringify(f)).toBe(true);
        expect(typeof elements[elements.length - 1]!.c).toBe('string');
        for (const e of elements) for (const s of ['a', 'b']) if (e[s]) sides.add(s);
        verdicts.push(...applyAsNodeKrakenApi(mirror, f));
        // Between the two frames of one step the client's book is never crossed.
        expect(Number(mirror.as[0]![0])).toBeGreaterThan(Number(mirror.bs[0]![0]));
        expect(ours.applyV1(f)).toBe(true);
      }
      if (sides.size === 2) bothSides++;
    }
    expect(bothSides).toBeGreaterThan(30);
    expect(verdicts.filter((v) => !v)).toEqual([]);
    expect(verdicts.length).toBeGreaterThan(120);
    c.ws.close();
  });

  it('why not Kraken\'s two-element form: node-kraken-api 2.2.2 counts its first element (no "c") as a checksum mismatch', () => {
    const mirror: Snapshot = { as: [['101.0', '1.0', '1.0']], bs: [['99.0', '1.0', '1.0']] };
    const after: Snapshot = { as: [['101.0', '2.0', '2.0']], bs: [['99.0', '3.0', '2.0']] };
    // CRC32 of "1010" + "20" + "990" + "30", the documented recipe, as Kraken would send it in the last element.
    const c = '3126480610';
    expect(applyAsNodeKrakenApi(mirror, [1, { a: [['101.0', '2.0', '2.0']] }, { b: [['99.0', '3.0', '2.0']], c }, 'book-10', 'X/Y'])).toEqual([false, true]);
    expect(mirror).toEqual(after); // the levels were right; only the verdict on the first element was not
  });
});
