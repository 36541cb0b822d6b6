import type { Clock } from '../../../clock/clock.js';
import type { WsAction } from '../../../faults/outcome.js';
import type { WsJournal } from './ws-journal.js';
import type { WsSocket } from './ws-socket.js';
import { Backlog, type Steps } from './backlog.js';
import { messageGate } from './message-budget.js';
import { FrameLink } from '../../ws-link.js';

/** Where a data frame belongs, for fault matching: its channel (v2 or v1 name) and domain symbol. */
export interface FrameInfo {
  channel: string;
  pair: string | undefined;
}

/** What a link asks about each data frame: the scenario's frame faults (empty when calm). */
export interface FrameFaults {
  frame(link: WsLink, info: FrameInfo): WsAction[];
}

export { MAX_BUFFERED_BYTES, REORDER_MAX_MS, SLOW_CONSUMER_REASON } from '../../ws-link.js';

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
 * One Kraken WebSocket connection as the scenario sees it (FrameLink: stall, delay, drop,
 * duplicate, reorder), with what Kraken's servers keep per connection: its feeds, whether it said
 * anything this round (heartbeats), the characters sent (Backlog slices); a corrupted frame has its
 * checksum changed (corruptChecksum).
 */
export class WsLink extends FrameLink<FrameInfo, WsSocket> {
  /** Feed keys this connection is subscribed to. */
  readonly feeds = new Set<string>();
  /** Whether anything was sent since the last heartbeat round. */
  sentThisStep = false;
  /** Characters of every frame handed to this link so far (what a Backlog slice is measured in). */
  sentChars = 0;

  constructor(
    socket: WsSocket, readonly path: string, readonly ip: string, readonly id: bigint,
    clock: Clock, private readonly faults: FrameFaults,
  ) {
    super(socket, clock);
  }

  /** End of a publish round (heartbeats are due only after a silent round). */
  endRound(): void {
    this.sentThisStep = false;
  }

  protected override frameActions(info: FrameInfo): WsAction[] {
    return this.faults.frame(this, info);
  }

  protected override handed(text: string): void {
    this.sentThisStep = true;
    this.sentChars += text.length;
  }

  protected override corrupt(text: string, xor: number): string {
    return corruptChecksum(text, xor);
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
