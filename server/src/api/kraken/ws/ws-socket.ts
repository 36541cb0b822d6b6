/** Frame or close-reason data as a transport hands it over: `ws` gives Buffers, msw gives strings. */
export interface WsText {
  toString(): string;
}

/**
 * The server side of one WebSocket connection, as the Kraken WS APIs use it: the subset of the
 * `ws` package's WebSocket they need, so an in-process transport (msw) can stand in for it.
 * `terminate()` drops the connection without a close frame (the client sees 1006); `close` fires
 * once however the connection ends, with the code the client saw.
 */
export interface WsSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(text: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
  /** Stops reading from the client until `resume()` (TCP then pushes back on its sends); a stand-in without a socket (msw) has neither. */
  pause?(): void;
  resume?(): void;
  on(event: 'message', listener: (data: WsText, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number, reason: WsText) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'close', listener: (code: number, reason: WsText) => void): unknown;
}
