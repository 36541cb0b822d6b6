import type { Clock } from '../clock/clock.js';
import type { WsAction } from '../faults/outcome.js';

/** The longest a frame held for reordering waits for a later one to overtake it (ms of simulated time). */
export const REORDER_MAX_MS = 5_000;

/**
 * Bytes a connection may have queued unsent (the socket's `bufferedAmount`: frames its client has
 * not read yet) before the next frame: beyond it the client is cut off with close code 1008 and
 * SLOW_CONSUMER_REASON instead of the server's memory growing. 4 MiB is many seconds of every channel.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** The close reason a client that stopped reading gets (code 1008). */
export const SLOW_CONSUMER_REASON = 'Slow consumer: over 4 MiB of frames unread';

/**
 * The server side of a WebSocket as a link writes to it: the `ws` package's WebSocket, or a
 * stand-in (msw). `terminate()` drops the connection without a close frame (the client sees 1006).
 */
export interface LinkSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(text: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

/**
 * One WebSocket connection as the scenario sees it, for any dialect: everything sent goes through
 * here, so the faults that act on a connection happen in one place. A stalled link says nothing
 * more; a delayed frame holds back everything behind it (head-of-line, as on TCP); a data frame may
 * be dropped, sent twice, overtaken by the next one or corrupted (where the dialect's frames carry
 * a checksum). A dialect's link names where a data frame belongs (`Info`) and asks its faults.
 */
export abstract class FrameLink<Info, S extends LinkSocket = LinkSocket> {
  stalled = false;
  private readonly queue: string[] = [];
  private blockedUntil = 0;
  private held: string | undefined;

  constructor(readonly socket: S, protected readonly clock: Clock) {}

  /** The scenario's frame faults for a data frame (empty when calm). */
  protected abstract frameActions(info: Info): WsAction[];

  /** Told of every frame the link takes (before its faults): a dialect may count them. */
  protected handed(_text: string): void {}

  /** A data frame with its checksum corrupted by `xor`; frames without a checksum (the default) are left alone. */
  protected corrupt(text: string, _xor: number): string {
    return text;
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** A control frame (status, reply, heartbeat): only a stall or a delay ahead of it holds it back. */
  send(text: string): void {
    if (this.stalled || !this.open) return;
    this.handed(text);
    this.write(text);
  }

  /** A data frame of a channel: the scenario's frame faults apply. */
  data(text: string, info: Info): void {
    if (this.stalled || !this.open) return;
    this.handed(text);
    let copies = 1;
    let reorder = false;
    for (const a of this.frameActions(info)) {
      if (a.do === 'drop') return;
      if (a.do === 'corrupt') text = this.corrupt(text, a.xor);
      else if (a.do === 'duplicate') copies = 2;
      else if (a.do === 'reorder') reorder = true;
      else if (a.do === 'delay') this.holdFor(a.ms);
    }
    if (reorder && this.held === undefined) {
      this.held = text;
      // Overtaken by the next data frame, or sent on its own if none comes within REORDER_MAX_MS.
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

  /** Every frame leaves here: a client that let more than MAX_BUFFERED_BYTES pile up is closed (1008) instead. */
  private transmit(text: string): void {
    if (!this.open) return;
    // `ws` sockets report what is queued unsent; stand-ins without the property (msw) never pile up.
    const buffered = 'bufferedAmount' in this.socket ? Number(this.socket.bufferedAmount) : 0;
    if (buffered > MAX_BUFFERED_BYTES) return this.disconnect(1008, SLOW_CONSUMER_REASON);
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
