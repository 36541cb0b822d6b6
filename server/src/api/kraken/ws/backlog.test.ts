import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backlog, SLICE_CHARS, type Steps } from './backlog.js';

/** A link stand-in that counts the characters "sent" and records what, in order. */
function fakeLink() {
  const link = { sentChars: 0, open: true, stalled: false, sent: [] as string[] };
  const send = (what: string, chars = 100): void => {
    link.sentChars += chars;
    link.sent.push(what);
  };
  return { link, send };
}

/** A message whose steps each send a frame of `chars` characters. */
function* steps(name: string, n: number, chars: number, send: (what: string, chars: number) => void): Steps {
  for (let i = 0; i < n; i++) {
    send(`${name}${i}`, chars);
    yield;
  }
}

// Turns of the event loop are faked (setImmediate): each runOnlyPendingTimers() is one turn.
describe('Backlog', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setImmediate', 'clearImmediate'] }));
  afterEach(() => vi.useRealTimers());

  it('runs small work at once, and a message whose steps outgrow the slice goes on next turn with later messages behind it', () => {
    const { link, send } = fakeLink();
    const backlog = new Backlog(link);
    backlog.add(() => send('ping'));
    expect(link.sent).toEqual(['ping']);
    // Four steps of half a slice: two this turn, two the next; the message behind them the turn after.
    backlog.add(() => steps('snap', 4, SLICE_CHARS / 2, send));
    backlog.add(() => send('pong'));
    expect(link.sent).toEqual(['ping', 'snap0', 'snap1']);
    vi.runOnlyPendingTimers();
    expect(link.sent).toEqual(['ping', 'snap0', 'snap1', 'snap2', 'snap3']);
    vi.runOnlyPendingTimers();
    expect(link.sent).toEqual(['ping', 'snap0', 'snap1', 'snap2', 'snap3', 'pong']);
    expect(vi.getTimerCount()).toBe(0);
    backlog.add(() => send('ping'));
    expect(link.sent.at(-1)).toBe('ping');
  });

  for (const end of ['closes', 'is stalled'] as const) {
    it(`drops the work left when the connection ${end}`, () => {
      const { link, send } = fakeLink();
      const backlog = new Backlog(link);
      backlog.add(() => steps('snap', 10, SLICE_CHARS, send));
      backlog.add(() => send('pong'));
      expect(link.sent).toEqual(['snap0']);
      if (end === 'closes') link.open = false;
      else link.stalled = true;
      vi.runOnlyPendingTimers();
      backlog.add(() => send('ping'));
      expect(link.sent).toEqual(['snap0']);
      expect(vi.getTimerCount()).toBe(0);
    });
  }

  it('a handler that throws (a bug) is reported as before, and the messages behind it still get their turn', () => {
    const { link, send } = fakeLink();
    const backlog = new Backlog(link);
    backlog.add(() => steps('snap', 2, SLICE_CHARS, send));
    backlog.add(() => {
      throw new Error('bug');
    });
    backlog.add(() => send('pong'));
    vi.runOnlyPendingTimers();
    expect(() => vi.runOnlyPendingTimers()).toThrow('bug');
    vi.runOnlyPendingTimers();
    expect(link.sent).toEqual(['snap0', 'snap1', 'pong']);
  });
});
