import { connect as tcpConnect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** The longest CONNECT reply head a tunnel reads before giving up on the proxy. */
const MAX_HEAD = 16 * 1024;

/**
 * A byte stream to `target` (`host:port`) through the HTTP proxy at `proxyHost:proxyPort`,
 * usable at once: what is written before the proxy answers the CONNECT follows the request line
 * in order (the proxy keeps it), and what is read starts after the proxy's `200` reply head. A
 * refusal ends the stream with an error carrying the proxy's own message. Made for `tls.connect`'s
 * `socket` option, which must be given a stream synchronously.
 */
export class ConnectTunnel extends Duplex {
  private readonly raw: Socket;
  private head: Buffer | undefined = Buffer.alloc(0);

  constructor(proxyHost: string, proxyPort: number, target: string) {
    super();
    this.raw = tcpConnect(proxyPort, proxyHost);
    this.raw.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
    this.raw.on('data', (chunk: Buffer) => this.onData(chunk, target));
    this.raw.on('end', () => this.push(null));
    this.raw.on('error', (err) => this.destroy(err));
    this.raw.on('close', () => { if (!this.destroyed && this.head !== undefined) this.destroy(new Error(`chaos-exchange proxy closed the tunnel to ${target} before answering`)); });
  }

  private onData(chunk: Buffer, target: string): void {
    if (this.head === undefined) {
      if (!this.push(chunk)) this.raw.pause();
      return;
    }
    const head = Buffer.concat([this.head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (head.length > MAX_HEAD) this.destroy(new Error(`chaos-exchange proxy: no reply to CONNECT ${target}`));
      else this.head = head;
      return;
    }
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'));
    if (status?.[1] !== '200') {
      const why = head.subarray(end + 4).toString('utf8').trim() || head.subarray(0, end).toString('latin1').split('\r\n')[0];
      this.destroy(new Error(`chaos-exchange proxy refused CONNECT ${target}: ${why}`));
      return;
    }
    this.head = undefined;
    const rest = head.subarray(end + 4);
    if (rest.length && !this.push(rest)) this.raw.pause();
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.raw.write(chunk, done);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.raw.end(done);
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.raw.destroy();
    done(err);
  }
}
