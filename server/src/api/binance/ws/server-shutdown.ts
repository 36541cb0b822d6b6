import { USER_STREAM } from './endpoints.js';

/**
 * The `serverShutdown` event Binance sends before a planned disconnect ("reconnect as soon as
 * possible"), in each endpoint's framing at server time `now` (ms): on the WebSocket API an
 * `event` frame `{"event":{"e":"serverShutdown","E":…}}` (§8, no subscriptionId: it concerns the
 * connection); on raw streams, market or listen-key, the bare event (§6.1); on combined streams
 * (`/stream`) wrapped as `{"stream":"!serverShutdown","data":{…}}`. `endpoint` is the name the
 * upgrade gave the connection (endpoints.ts), `path` its request path.
 */
export function serverShutdownFrame(endpoint: string, path: string, now: number): string {
  const event = { e: 'serverShutdown', E: now };
  if (endpoint === '/ws-api/v3') return JSON.stringify({ event });
  const combined = endpoint === '/stream' || (endpoint === USER_STREAM && path === '/stream');
  return JSON.stringify(combined ? { stream: '!serverShutdown', data: event } : event);
}
