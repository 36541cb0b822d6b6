import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where the control API lives; no Kraken route or fault rule can reach below it. */
export const CONTROL_PREFIX = '/__chaos';

/** Where the status page's JSON lives (Statuspage's own path). */
export const STATUS_PREFIX = '/api/v2';

/** Whether a request URL is `prefix` itself or lies below it (a sub-path or a query). */
export function isUnder(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url.charCodeAt(prefix.length);
  return Number.isNaN(next) || next === 0x2f /* / */ || next === 0x3f /* ? */;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A handler built on its first request: what only it needs (Express with the control API or the
 * status page) is not loaded before the server is ready. Requests that come while it is being
 * built wait for it (their bodies stay unread until then). Should the build fail, which is a bug,
 * they get a 500 and the next request tries again.
 */
export function builtOnFirstUse(build: () => Promise<Handler>): Handler {
  let handler: Handler | undefined;
  let building: Promise<Handler> | undefined;
  return (req, res) => {
    if (handler) return handler(req, res);
    building ??= build();
    building.then((h) => {
      handler = h;
      h(req, res);
    }, (err: unknown) => {
      building = undefined;
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `internal error: ${err instanceof Error ? err.message : String(err)}` }));
    });
  };
}

/**
 * Closes an answer that would never end by itself (a scripted hang, an event stream) once the
 * client has shut its side of the connection. The server lets a client that sends its request and
 * then its FIN have the answer (it keeps half-open sockets), so these must not wait for ever.
 */
export function closeWhenClientLeaves(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  if (socket.readableEnded) return void res.destroy();
  const leave = (): void => void res.destroy();
  socket.once('end', leave);
  res.once('close', () => socket.off('end', leave));
}
