import { afterReal, realNow } from '../../../clock/host.js';
import type { WsSocket } from './ws-socket.js';

/**
 * The message budget every WebSocket connection has, whatever the scenario says (its optional
 * `rateLimits.ws.messages` limit applies on top): a burst of 1,000 client messages, earned back at
 * 100 a second of real time. Kraken's own budget is dynamic and unpublished; this one is far above
 * any real client (ccxt.pro pings every 6 s and subscribes once per stream, a bot pinging every
 * second uses 1 a second, a burst of several hundred orders fits at once) and far below a flood.
 */
export const MESSAGE_BUDGET = { burst: 1_000, perSecond: 100 } as const;

/**
 * Real milliseconds a connection's socket is not read after a message over its budget: what it had
 * already sent is still answered (in order, the excess with "Exceeded msg rate"), but a client that
 * keeps flooding is held back by TCP instead of costing the server a reply per message.
 */
export const OVER_BUDGET_PAUSE_MS = 1_000;

/** What Kraken answers a message over the budget with, as clients have logged it (v1 `{"Error":"Exceeded msg rate"}`). */
export const EXCEEDED_MSG_RATE = 'Exceeded msg rate';

/**
 * One connection's budget: a token bucket holding up to `burst` messages, refilled continuously at
 * `perSecond`. A refused message takes nothing, so a client that slows down to the refill rate is
 * served again at once.
 */
export class MessageBudget {
  private tokens: number;
  private at: number;

  constructor(private readonly now: () => number = realNow, private readonly limit: { burst: number; perSecond: number } = MESSAGE_BUDGET) {
    this.tokens = limit.burst;
    this.at = now();
  }

  /** Takes one message from the budget; false when it is spent. */
  admit(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((t - this.at) / 1000) * this.limit.perSecond);
    this.at = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * A connection's gate for its messages: each is taken from its MessageBudget (true: carry it out);
 * the first one over the budget stops the socket being read for OVER_BUDGET_PAUSE_MS. A stand-in
 * socket without pause/resume (msw) is only counted.
 */
export function messageGate(socket: Pick<WsSocket, 'pause' | 'resume'>, budget = new MessageBudget()): () => boolean {
  let reading = true;
  return () => {
    if (budget.admit()) return true;
    if (reading && socket.pause && socket.resume) {
      reading = false;
      socket.pause();
      afterReal(OVER_BUDGET_PAUSE_MS, () => {
        reading = true;
        socket.resume?.();
      });
    }
    return false;
  };
}
