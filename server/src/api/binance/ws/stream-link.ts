import type { WebSocket } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { WsAction } from '../../../faults/outcome.js';

/** Where a data frame belongs, for fault matching: the stream's channel (`depth`, `kline_1m`) and domain pair. */
export interface FrameInfo {
  channel: string;
  pair: string;
}

/** What a link asks about each data frame: the scenario's frame faults (empty when calm). */
export interface FrameFaults {
  frame(link: StreamLink, info: FrameInfo): WsAction[];
}

/** The longest a frame held for reordering waits for a later one to overtake it (ms of simulated time). */
export const REORDER_MAX_MS = 5_000;

/** Bytes a client may leave unread before it is cut off (1008), instead of the server's memory growing. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * One market-stream connection as the scenario sees it: every frame goes out here, so the faults
 * on a connection act in one place. A stalled link sends nothing (pings included); a delayed frame
 * holds back everything behind it (head-of-line, as on TCP); a data frame may be dropped (a diff
 * depth frame dropped leaves a `U`/`u` gap only on this connection), sent twice, or overtaken by the next.
 */
export class StreamLink {
  stalled = false;
  private readonly queue: string[] = [];
  private blockedUntil = 0;
  private held: string | undefined;

  constructor(
    readonly socket: WebSocket, readonly path: '/ws' | '/stream', readonly ip: string,
    private readonly clock: Clock, private readonly faults: FrameFaults,
  ) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** A reply to a control message: only a stall or a delay ahead of it holds it back. */
  send(text: string): void {
    if (!this.stalled && this.open) this.write(text);
  }

  /** A server ping frame; a stalled link sends none (its client sees silence). */
  ping(payload: string): void {
    if (!this.stalled && this.open) this.socket.ping(payload);
  }

  /** A stream payload: the scenario's frame faults apply. */
  data(text: string, info: FrameInfo): void {
    if (this.stalled || !this.open) return;
    let copies = 1;
    let reorder = false;
    for (const a of this.faults.frame(this, info)) {
      if (a.do === 'drop') return;
      if (a.do === 'duplicate') copies = 2;
      else if (a.do === 'reorder') reorder = true;
      else if (a.do === 'delay') this.holdFor(a.ms);
    }
    if (reorder && this.held === undefined) {
      this.held = text;
      this.clock.schedule(this.clock.now() + REORDER_MAX_MS, () => {
        if (this.held === text) this.releaseHeld();
      });
      return;
    }
    for (let i = 0; i < copies; i++) this.write(text);
    this.releaseHeld();
  }

  /** Closes the connection: 1006 drops it without a close frame, other codes send one. */
  disconnect(code: number, reason: string): void {
    this.queue.length = 0;
    if (code === 1006) this.socket.terminate();
    else if (this.open) this.socket.close(code, reason);
  }

  private write(text: string): void {
    if (this.queue.length > 0 || this.clock.now() < this.blockedUntil) this.queue.push(text);
    else this.transmit(text);
  }

  private transmit(text: string): void {
    if (!this.open) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) return this.disconnect(1008, 'Slow consumer: over 4 MiB of frames unread');
    this.socket.send(text);
  }

  private releaseHeld(): void {
    if (this.held === undefined) return;
    const text = this.held;
    this.held = undefined;
    this.write(text);
  }

  private holdFor(ms: number): void {
    const until = Math.max(this.blockedUntil, this.clock.now() + ms);
    if (until <= this.blockedUntil) return;
    this.blockedUntil = until;
    this.clock.schedule(until, () => {
      if (this.clock.now() < this.blockedUntil || !this.open || this.stalled) return;
      for (const text of this.queue.splice(0)) this.transmit(text);
    });
  }
}
