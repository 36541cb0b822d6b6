import type { WebSocket } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { WsAction } from '../../../faults/outcome.js';
import { FrameLink } from '../../ws-link.js';

/** Where a data frame belongs, for fault matching: the stream's channel (`depth`, `kline_1m`) and domain pair. */
export interface FrameInfo {
  channel: string;
  pair: string;
}

/** What a link asks about each data frame: the scenario's frame faults (empty when calm). */
export interface FrameFaults {
  frame(link: StreamLink, info: FrameInfo): WsAction[];
}

/**
 * One market-stream connection as the scenario sees it (FrameLink): a stalled link sends nothing,
 * pings included; a delayed frame holds back everything behind it; a data frame may be dropped (a
 * diff depth frame dropped leaves a `U`/`u` gap only on this connection), sent twice, or overtaken
 * by the next. Binance's frames carry no checksum: `corrupt` leaves them alone.
 */
export class StreamLink extends FrameLink<FrameInfo, WebSocket> {
  constructor(
    socket: WebSocket, readonly path: '/ws' | '/stream', readonly ip: string,
    clock: Clock, private readonly faults: FrameFaults,
  ) {
    super(socket, clock);
  }

  /** A server ping frame; a stalled link sends none (its client sees silence). */
  ping(payload: string): void {
    if (!this.stalled && this.open) this.socket.ping(payload);
  }

  protected override frameActions(info: FrameInfo): WsAction[] {
    return this.faults.frame(this, info);
  }
}
