import type { Clock } from '../../../clock/clock.js';
import type { WsAction } from '../../../faults/outcome.js';
import type { WsJournal } from './ws-journal.js';
import type { WsSocket } from './ws-socket.js';
import { Backlog, type Steps } from './backlog.js';
import { messageGate } from './message-budget.js';

/** Where a data frame belongs, for fault matching: its channel (v2 or v1 name) and domain symbol. */
export interface FrameInfo {
  channel: string;
  pair: string | undefined;
}

/** What a link asks about each data frame: the scenario's frame faults (empty when calm). */
export interface FrameFaults {
  frame(link: WsLink, info: FrameInfo): WsAction[];
}

/** The longest a frame held for reordering waits for a later one to overtake it. */
export const REORDER_MAX_MS = 5_000;

/**
 * Bytes a connection may have queued unsent (the socket's `bufferedAmount`: frames its client has
 * not read yet) before the next frame: beyond it the client is cut off with close code 1008 and
 * SLOW_CONSUMER_REASON instead of the server's memory growing. 4 MiB is many seconds of every channel.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** The close reason a client that stopped reading gets (code 1008). */
export const SLOW_CONSUMER_REASON = 'Slow consumer: over 4 MiB of frames unread';

/** What a private session needs from its connection: replies (`send`) and channel frames (`data`, where frame faults act). */
export type PrivateLink = Pick<WsLink, 'send' | 'data'>;

/** A book frame with its checksum changed (v2 `"checksum":N`, v1 `"c":"N"`); frames without one are left alone. */
export function corruptChecksum(text: string, xor: number): string {
  return text.replace(/"checksum":(\d+)|"c":"(\d+)"/, (_m, v2: string | undefined, v1: string | undefined) => {
    const bad = ((Number(v2 ?? v1) ^ xor) >>> 0) || 1;
    return v2 !== undefined ? `"checksum":${bad}` : `"c":"${bad}"`;
  });
}

/**
 * One WebSocket connection as the scenario sees it. Everything sent goes through here, so the
 * faults that act on a connection happen in one place: a stalled link says nothing more; a delayed
 * frame holds back everything behind it (head-of-line, as on TCP); data frames may be dropped,
 * duplicated, swapped with the next one or have their checksum corrupted.
 */
export class WsLink {
  /** Feed keys this connection is subscribed to. */
  readonly feeds = new Set<string>();
  /** Whether anything was sent since the last heartbeat round. */
  sentThisStep = false;
  /** Characters of every frame handed to this link so far (what a Backlog slice is measured in). */
  sentChars = 0;
  stalled = false;
  private readonly queue: string[] = [];
  private blockedUntil = 0;
  private held: string | undefined;

  constructor(
    readonly socket: WsSocket, readonly path: string, readonly ip: string, readonly id: bigint,
    private readonly clock: Clock, private readonly faults: FrameFaults,
  ) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** A control frame (status, reply, heartbeat): only a stall or a delay ahead of it holds it back. */
  send(text: string): void {
    if (this.stalled || !this.open) return;
    this.sentThisStep = true;
    this.sentChars += text.length;
    this.write(text);
  }

  /** End of a publish round (heartbeats are due only after a silent round). */
  endRound(): void {
    this.sentThisStep = false;
  }

  /** A data frame of a channel: the scenario's frame faults apply. */
  data(text: string, info: FrameInfo): void {
    if (this.stalled || !this.open) return;
    this.sentThisStep = true;
    this.sentChars += text.length;
    let copies = 1;
    let reorder = false;
    for (const a of this.faults.frame(this, info)) {
      if (a.do === 'drop') return;
      if (a.do === 'corrupt') text = corruptChecksum(text, a.xor);
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

/** How a server handles one client message: `admitted` is false when it came over the connection's MessageBudget (answer "Exceeded msg rate"); what it returns is left to the connection's Backlog. */
export type TextHandler = (text: string, admitted: boolean) => Steps | void;

/**
 * Wires a new connection's socket to its server: each message passes the connection's messageGate
 * as it arrives and is handled (`onText`) in order through its Backlog; the close (journaled with
 * its code) or an error goes to `onGone` once; then the scenario meets the connection and, unless
 * it dropped or stalled it, the status frame goes out.
 */
export function openLink(link: WsLink, journal: WsJournal, faults: { opened(link: WsLink): void }, status: string, handlers: { onText: TextHandler; onGone(): void }): void {
  let gone = false;
  const leave = (): void => {
    if (gone) return;
    gone = true;
    handlers.onGone();
  };
  const admit = messageGate(link.socket);
  const backlog = new Backlog(link);
  link.socket.on('close', (code, reason) => {
    journal.closed(link, code, reason.toString());
    leave();
  });
  link.socket.on('error', leave);
  link.socket.on('message', (data, isBinary) => {
    const admitted = admit();
    backlog.add(() => handlers.onText(isBinary ? '' : data.toString(), admitted));
  });
  faults.opened(link);
  link.send(status);
}
