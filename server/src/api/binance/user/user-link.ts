import type { WebSocket } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { WsAction } from '../../../faults/outcome.js';
import { FrameLink } from '../../ws-link.js';
import { pairBySymbol } from '../names.js';
import type { FrameInfo } from '../ws/stream-link.js';

/** What a user-data link asks about each event frame: the scenario's frame faults (the run's StreamFaults). */
export interface UserFrameFaults {
  frame(link: { readonly path: string }, info: FrameInfo): WsAction[];
}

/**
 * One user-data connection as the scenario sees it (FrameLink): a WebSocket API session
 * (`/ws-api/v3`) or a listenKey stream (`user-stream`). Replies go out as control frames (only
 * a stall or a delay ahead holds them); each user-data event is a data frame of the channel named
 * by its `e` (`executionReport`, `outboundAccountPosition`, `balanceUpdate`, `listenKeyExpired`)
 * and its pair (from `s`, where it has one), so it may be dropped, delayed, sent twice or reordered.
 * Without faults (a bare exchange in a test) every frame goes out as is.
 */
export class UserLink extends FrameLink<FrameInfo, WebSocket> {
  /** The credential it holds for its lifetime (a listen key, user-data subscriptions), for `expire-token`. */
  credential: { held(): boolean; expire(): void } | undefined;

  constructor(socket: WebSocket, readonly path: string, clock: Clock, private readonly faults: UserFrameFaults | undefined) {
    super(socket, clock);
  }

  /** Sends user-data `event` as `text` (its wrapping: raw, `{stream,data}` or `{subscriptionId,event}`), through the frame faults. */
  event(text: string, event: Record<string, unknown>): void {
    const symbol = typeof event.s === 'string' ? event.s : undefined;
    this.data(text, { channel: String(event.e), pair: (symbol && pairBySymbol(symbol)?.symbol) ?? '' });
  }

  protected override frameActions(info: FrameInfo): WsAction[] {
    return this.faults?.frame(this, info) ?? [];
  }
}
