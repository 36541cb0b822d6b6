import { EventEmitter } from 'node:events';
import type { WebSocketHandlerConnection } from 'msw';
import { MAX_CLIENT_FRAME } from './upgrade.js';
import type { WsSocket, WsText } from './ws-socket.js';

/** msw's client connection: what a `ws.link` connection listener gets as `client`. */
type MswClient = WebSocketHandlerConnection['client'];

const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * An msw `ws.link` client connection as a WsSocket, so the Kraken WS APIs serve it unchanged.
 * It is OPEN from the moment the connection is accepted (the client's `open` event follows a
 * microtask later, and msw holds frames sent before it). msw's server side can only close
 * cleanly, so `terminate()` fires `error` on the client and closes with 1006 and no reason, as a
 * browser reports a dropped connection (msw 2.9 still sets `wasClean: true`).
 */
export class MswSocket implements WsSocket {
  readonly OPEN = OPEN;
  readyState = OPEN;
  private readonly events = new EventEmitter();

  constructor(private readonly client: MswClient) {
    client.addEventListener('message', (e) => {
      if (this.readyState !== OPEN) return;
      const text = typeof e.data === 'string' ? e.data : undefined;
      // As the `ws` server's maxPayload does: an oversized frame closes the connection with 1009.
      if (text !== undefined && Buffer.byteLength(text) > MAX_CLIENT_FRAME) return this.close(1009, 'Max payload size exceeded');
      this.events.emit('message', text ?? '', text === undefined);
    });
    client.addEventListener('close', (e) => {
      this.readyState = CLOSED;
      this.events.emit('close', e.code, e.reason);
    });
  }

  send(text: string): void {
    if (this.readyState === OPEN) this.client.send(text);
  }

  close(code: number, reason: string): void {
    if (this.readyState !== OPEN) return;
    this.readyState = CLOSING;
    this.client.close(code, reason);
  }

  terminate(): void {
    // A close already under way cannot be cut short in msw: it ends with the code it was given.
    if (this.readyState !== OPEN) return;
    this.readyState = CLOSING;
    this.client.socket.dispatchEvent(new Event('error'));
    this.client.close(1006, '');
  }

  on(event: 'message', listener: (data: WsText, isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: WsText) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'message' | 'close' | 'error', listener: Parameters<EventEmitter['on']>[1]): this {
    this.events.on(event, listener);
    return this;
  }

  once(event: 'close', listener: (code: number, reason: WsText) => void): this {
    this.events.once(event, listener);
    return this;
  }
}

/**
 * Refuses an msw WebSocket connection as closely as msw allows: it cannot answer the upgrade with
 * an HTTP status, so the client gets `error` and then a close with 1006 before ever seeing `open`
 * (what a browser reports for a refused handshake); the reason names the HTTP status, in the
 * words the `ws` client uses for it.
 */
export function refuseMsw(client: MswClient, status: number): void {
  client.socket.dispatchEvent(new Event('error'));
  client.close(1006, `Unexpected server response: ${status}`);
}
