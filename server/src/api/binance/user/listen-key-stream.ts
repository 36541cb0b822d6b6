import type { WebSocket } from 'ws';
import type { Clock, Timer } from '../../../clock/clock.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { SessionFaults } from '../ws-api/session.js';
import { listenKeysOf } from './listen-keys.js';
import { userEventsOf } from './user-events.js';
import { UserLink } from './user-link.js';
import { USER_STREAM } from '../ws/endpoints.js';

/**
 * Streams a listenKey's user data on one connection: raw `{"e":…}` events on `/ws/<listenKey>`,
 * `{"stream":<listenKey>,"data":…}` on `/stream?streams=<listenKey>`. The stream follows the key on
 * the run's clock: when it lapses (no PUT within 60 minutes) the connection gets one
 * `{"e":"listenKeyExpired","E":…,"listenKey":…}` and is closed (1000); a DELETE closes it without
 * that event. UNCONFIRMED: Binance may leave the socket open after listenKeyExpired; closing it
 * makes the lapse impossible to miss, which is what the scenario wants to test. The scenario's
 * WebSocket faults apply (endpoint `user-stream`, private): stall and disconnect as on the market streams,
 * frame faults on each event by its channel (`executionReport`…, `listenKeyExpired` too);
 * `expire-token` lapses the key as the stream opens or a phase starts.
 */
export function openListenKeyStream(socket: WebSocket, key: string, combined: boolean, exchange: Exchange, clock: Clock, faults?: SessionFaults): void {
  const keys = listenKeysOf(exchange);
  const entry = keys.live(key, clock.now());
  const account = entry ? exchange.accounts.get(entry.account) : undefined;
  if (!entry || !account) return void socket.close(1008, 'Invalid listenKey');
  const link = new UserLink(socket, USER_STREAM, clock, faults);
  const send = (event: Record<string, unknown>): void => link.event(JSON.stringify(combined ? { stream: key, data: event } : event), event);
  const stop = userEventsOf(exchange).subscribe(account, send);
  let timer: Timer | undefined;
  const end = (expired: boolean): void => {
    stop();
    timer?.cancel();
    keys.closed.delete(onClosed);
    if (expired) send({ e: 'listenKeyExpired', E: clock.now(), listenKey: key });
    if (socket.readyState === socket.OPEN) socket.close(1000, expired ? 'listenKeyExpired' : 'listenKey closed');
  };
  const onClosed = (closedKey: string): void => {
    if (closedKey === key) end(false);
  };
  // The key's expiry moves with each PUT: when the timer fires early, wait for the new one.
  const watch = (): void => {
    timer = clock.schedule(entry.expiresAt, () => (entry.expiresAt > clock.now() ? watch() : end(true)));
  };
  keys.closed.add(onClosed);
  watch();
  // An `expire-token` fault lapses the key now: this stream ends as at a lapse, and a PUT answers -1125.
  link.credential = {
    held: () => socket.readyState === socket.OPEN,
    expire: () => {
      entry.expiresAt = clock.now();
      end(true);
    },
  };
  socket.on('close', () => {
    stop();
    timer?.cancel();
    keys.closed.delete(onClosed);
  });
  faults?.opened(link);
}
