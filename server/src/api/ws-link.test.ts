import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import type { WsAction } from '../faults/outcome.js';
import { FrameLink, type LinkSocket } from './ws-link.js';

/** A dialect's link in miniature: frame faults scripted by channel, frames it was handed counted. */
class TestLink extends FrameLink<string> {
  handedCount = 0;
  constructor(socket: LinkSocket, clock: ManualClock, private readonly plan: Record<string, WsAction[]>) {
    super(socket, clock);
  }
  protected override frameActions(channel: string): WsAction[] {
    return this.plan[channel] ?? [];
  }
  protected override handed(): void {
    this.handedCount++;
  }
}

function linkWith(plan: Record<string, WsAction[]>) {
  const clock = new ManualClock(0);
  const sent: string[] = [];
  const socket: LinkSocket = { OPEN: 1, readyState: 1, send: (t) => void sent.push(t), close() {}, terminate() {} };
  return { clock, sent, link: new TestLink(socket, clock, plan) };
}

describe('FrameLink (shared by the dialects\' WebSocket links)', () => {
  it('without a checksum of the dialect\'s, a corrupt fault leaves the frame as it is; drop, duplicate and delay still act', () => {
    const { clock, sent, link } = linkWith({ bad: [{ do: 'corrupt', xor: 5 }], lost: [{ do: 'drop' }], twice: [{ do: 'duplicate' }], slow: [{ do: 'delay', ms: 100 }] });
    link.data('{"checksum":7}', 'bad');
    link.data('x', 'lost');
    link.data('y', 'twice');
    link.data('z', 'slow');
    link.send('reply');
    expect(sent).toEqual(['{"checksum":7}', 'y', 'y']);
    clock.advance(100);
    expect(sent).toEqual(['{"checksum":7}', 'y', 'y', 'z', 'reply']);
    expect(link.handedCount).toBe(5);
  });

  it('a stalled link takes nothing, and is handed nothing', () => {
    const { sent, link } = linkWith({});
    link.stalled = true;
    link.data('a', 'any');
    link.send('b');
    expect(sent).toEqual([]);
    expect(link.handedCount).toBe(0);
  });
});
