import { syncBuiltinESMExports } from 'node:module';
import tls, { type ConnectionOptions, type TLSSocket } from 'node:tls';
import { ConnectTunnel } from './tunnel.js';
import type { RouteSpec } from './route-env.js';

type TlsConnect = typeof tls.connect;

/** tls.connect's arguments as one options object and the callback: `(options[, cb])` or `(port[, host][, options][, cb])`. */
function normalise(args: unknown[]): { options: ConnectionOptions; cb: (() => void) | undefined } {
  const cb = typeof args[args.length - 1] === 'function' ? (args.pop() as () => void) : undefined;
  if (typeof args[0] === 'object' && args[0] !== null) return { options: args[0] as ConnectionOptions, cb };
  const options: ConnectionOptions = { port: Number(args[0]) };
  if (typeof args[1] === 'string') options.host = args[1];
  const extra = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null) as ConnectionOptions | undefined;
  return { options: { ...extra, ...options }, cb };
}

/**
 * The ports whose TLS connections to the routed hosts are routed: HTTPS's 443 and 9443, where
 * Binance's market streams and WebSocket API listen too (`wss://stream.binance.com:9443`).
 */
export const ROUTED_PORTS: ReadonlySet<number> = new Set([443, 9443]);

/**
 * Sends this process's TLS connections to `spec.hosts` on ROUTED_PORTS through the exchange's proxy
 * (a CONNECT tunnel, the TLS inside it still for the real host name, so certificate checks stand):
 * `https`, `ws`, undici's `fetch` and anything else that reaches `tls.connect` dial the exchange's host
 * and reach the exchange, with no proxy support of their own. Connections that already have a
 * socket (a proxy of the client's own), a path, or another host or port are left as they are.
 */
export function routeTls(spec: RouteSpec): void {
  const original: TlsConnect = tls.connect;
  const routed = (...args: unknown[]): TLSSocket => {
    const { options, cb } = normalise(args);
    const host = (options.host ?? '').toLowerCase();
    const port = Number(options.port ?? 443);
    if (options.socket || options.path || !ROUTED_PORTS.has(port) || !spec.hosts.has(host)) return (original as (...a: unknown[]) => TLSSocket)(...args, ...(cb ? [cb] : []));
    const socket = new ConnectTunnel(spec.proxyHost, spec.proxyPort, `${host}:${port}`);
    return original({ ...options, socket, servername: options.servername || host }, cb);
  };
  tls.connect = routed as TlsConnect;
  // `import { connect } from 'node:tls'` in an ES module sees the routed one too.
  syncBuiltinESMExports();
}
