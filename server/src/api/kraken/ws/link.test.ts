import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ManualClock } from '../../../clock/clock.js';
import type { WsAction } from '../../../faults/outcome.js';
import { corruptChecksum, REORDER_MAX_MS, WsLink } from './link.js';

/** A socket stand-in that records what was written and when (on the manual clock). */
function fakeSocket(clock: ManualClock) {
  const sent: { at: number; text: string }[] = [];
  const socket = { OPEN: 1, readyState: 1, send: (text: string) => sent.push({ at: clock.now(), text }), terminate() {}, close() {} };
  return { socket: socket as unknown as WebSocket, sent };
}

/** A link whose frame faults are scripted per frame text. */
function linkWith(plan: Record<string, WsAction[]>) {
  const clock = new ManualClock(0);
  const { socket, sent } = fakeSocket(clock);
  const link = new WsLink(socket, '/v2', '127.0.0.1', 1n, clock, { frame: () => [] });
  const faulty = new WsLink(socket, '/v2', '127.0.0.1', 1n, clock, { frame: (_l, info) => plan[info.channel] ?? [] });
  return { clock, sent, link, faulty };
}

describe('WsLink', () => {
  it('a delayed frame holds back everything behind it, then all go out in order at the due time', () => {
    const { clock, sent, faulty } = linkWith({ slow: [{ do: 'delay', ms: 2000 }] });
    faulty.data('a', { channel: 'fast', pair: undefined });
    faulty.data('b', { channel: 'slow', pair: undefined });
    faulty.send('c');
    faulty.data('d', { channel: 'fast', pair: undefined });
    clock.advance(1999);
    expect(sent.map((s) => s.text)).toEqual(['a']);
    clock.advance(1);
    expect(sent).toEqual([{ at: 0, text: 'a' }, { at: 2000, text: 'b' }, { at: 2000, text: 'c' }, { at: 2000, text: 'd' }]);
  });

  it('drops, duplicates and swaps frames; corrupts only the checksum', () => {
    const { sent, faulty } = linkWith({ lost: [{ do: 'drop' }], twice: [{ do: 'duplicate' }], late: [{ do: 'reorder' }], bad: [{ do: 'corrupt', xor: 5 }] });
    faulty.data('1', { channel: 'lost', pair: undefined });
    faulty.data('2', { channel: 'twice', pair: undefined });
    faulty.data('3', { channel: 'late', pair: undefined });
    faulty.data('4', { channel: 'ok', pair: undefined });
    faulty.data('{"channel":"book","checksum":3310070434}', { channel: 'bad', pair: undefined });
    expect(sent.map((s) => s.text)).toEqual(['2', '2', '4', '3', `{"channel":"book","checksum":${(3310070434 ^ 5) >>> 0}}`]);
  });

  it('a frame held for reordering that no data frame overtakes goes out on its own after REORDER_MAX_MS', () => {
    const { clock, sent, faulty } = linkWith({ late: [{ do: 'reorder' }] });
    faulty.data('held', { channel: 'late', pair: undefined });
    faulty.send('reply');
    clock.advance(REORDER_MAX_MS - 1);
    expect(sent.map((s) => s.text)).toEqual(['reply']);
    clock.advance(1);
    expect(sent).toEqual([{ at: 0, text: 'reply' }, { at: REORDER_MAX_MS, text: 'held' }]);
  });

  it('a stalled link sends nothing at all', () => {
    const { sent, link } = linkWith({});
    link.stalled = true;
    link.send('status');
    link.data('book', { channel: 'book', pair: 'BTC/USD' });
    expect(sent).toEqual([]);
  });

  it('corruptChecksum changes the v2 and v1 checksum fields and leaves other frames alone', () => {
    expect(corruptChecksum('{"checksum":7,"x":1}', 1)).toBe('{"checksum":6,"x":1}');
    expect(corruptChecksum('[1,{"a":[],"c":"7"},"book-10","XBT/USD"]', 2)).toBe('[1,{"a":[],"c":"5"},"book-10","XBT/USD"]');
    expect(corruptChecksum('{"channel":"ticker"}', 3)).toBe('{"channel":"ticker"}');
  });
});
