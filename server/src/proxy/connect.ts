import type { IncomingMessage, Server } from 'node:http';
import { connect as tcpConnect, type Socket as NetSocket } from 'node:net';
import { Duplex, PassThrough } from 'node:stream';
import type { SecureContext, TLSSocket } from 'node:tls';

/** What the proxy answers for, and how it gets its certificate. */
export interface ConnectProxyOptions {
  /**
   * Host names served by this server itself (the served dialect's: asked at each CONNECT, as a
   * restart may serve another), TLS terminated with a certificate for all of them.
   */
  hosts(): readonly string[];
  /** The certificate and key for `hosts`, made on the first CONNECT that needs them. */
  certificate(hosts: readonly string[]): Promise<{ cert: string; key: string }>;
  /** Tunnel CONNECTs to other hosts to the real host instead of refusing them. */
  passthrough?: boolean | undefined;
}

/** `host:port` of a CONNECT request line, or undefined when it is not one. */
function target(url: string | undefined): { host: string; port: number } | undefined {
  const m = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\]):(\d{1,5})$/.exec(url ?? '');
  if (!m || Number(m[2]) > 65535) return undefined;
  return { host: m[1]!.toLowerCase().replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

/** A short plain-text HTTP reply that ends the connection. */
function refuse(socket: Duplex, status: string, message: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
}

/**
 * The tunnel's byte stream: the socket itself, or, when the client sent bytes (its TLS hello)
 * right behind its CONNECT, a stream that reads those first. (A TLSSocket over a net.Socket reads
 * from the socket's handle, past anything unshifted back into the socket.)
 */
function withHead(socket: NetSocket, head: Buffer): Duplex {
  if (head.length === 0) return socket;
  const readable = new PassThrough();
  readable.write(head);
  socket.pipe(readable);
  const stream = Duplex.from({ readable, writable: socket });
  socket.on('close', () => stream.destroy());
  stream.on('close', () => socket.destroy());
  return stream;
}

/**
 * Makes `server` an HTTPS proxy (HTTP CONNECT) for `hosts`: the tunnel's TLS is terminated here
 * with a certificate for those hosts, and the requests inside it are served by `server` itself, as
 * if they had come straight to it (their Host header names the real host, so a dialect can map
 * its paths). A CONNECT to any other host is refused with 403 and a line saying why, or tunnelled
 * to it with `passthrough`.
 */
export function attachConnectProxy(server: Server, o: ConnectProxyOptions): void {
  // node:tls is loaded with the first CONNECT to a served host, with the certificate: an idle
  // server, or one never used as a proxy, holds neither. One context per set of hosts.
  const contexts = new Map<string, Promise<{ secureContext: SecureContext; Socket: typeof TLSSocket }>>();
  server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const served = o.hosts();
    const hosts = new Set(served.map((h) => h.toLowerCase()));
    const to = target(req.url);
    if (!to) return refuse(socket, '400 Bad Request', `chaos-exchange proxy: CONNECT expects host:port, got "${String(req.url).slice(0, 100)}"\n`);
    if (!hosts.has(to.host)) {
      if (!o.passthrough) {
        return refuse(socket, '403 Forbidden', `chaos-exchange proxy: ${to.host} is not an exchange host this proxy serves (${[...hosts].join(', ')}); start it with --passthrough to tunnel other hosts\n`);
      }
      const upstream = tcpConnect(to.port, to.host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', (err) => refuse(socket, '502 Bad Gateway', `chaos-exchange proxy: ${to.host}:${to.port}: ${err.message}\n`));
      return;
    }
    const key = served.join(',');
    let context = contexts.get(key);
    if (!context) {
      context = Promise.all([import('node:tls'), o.certificate(served)]).then(([tls, c]) => ({ secureContext: tls.createSecureContext(c), Socket: tls.TLSSocket }));
      contexts.set(key, context);
    }
    socket.pause();
    void context.then(({ secureContext, Socket }) => {
      if (socket.destroyed) return;
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      const tls = new Socket(withHead(socket as NetSocket, head), { isServer: true, secureContext, ALPNProtocols: ['http/1.1'] });
      tls.on('error', () => tls.destroy());
      server.emit('connection', tls);
      socket.resume();
    }, (err: Error) => refuse(socket, '500 Internal Server Error', `chaos-exchange proxy: no certificate: ${err.message}\n`));
  });
}
