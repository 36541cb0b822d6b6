import { connect, type Socket } from 'node:net';

/**
 * One keep-alive connection that sends prepared GET requests and times each reply at the client,
 * from the write to the last byte of the body. It reads replies with a Content-Length only; it is
 * much lighter than node:http's client, so less of the client's own work and garbage lands in the
 * timings (used where the benchmark is about milliseconds of error, not throughput).
 */
export class RawClient {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { started: number; resolve(r: { status: number; ms: number }): void; reject(e: Error): void } | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  /** Connects to `url`'s host and port. */
  static async open(url: string): Promise<RawClient> {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawClient(socket);
  }

  /** A GET of `path` with `headers`, ready to send (build once, send many times). */
  static request(path: string, headers: Record<string, string> = {}): Buffer {
    const lines = [`GET ${path} HTTP/1.1`, 'Host: bench', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
  }

  /** Sends a prepared request; resolves with the status and the round trip in ms. */
  send(request: Buffer): Promise<{ status: number; ms: number }> {
    if (this.waiting) return Promise.reject(new Error('one request at a time'));
    return new Promise((resolve, reject) => {
      this.waiting = { started: performance.now(), resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.waiting = undefined;
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    const ended = performance.now();
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0 || !this.waiting) return;
    const head = this.buffer.subarray(0, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (!Number.isFinite(length)) return this.fail(new Error(`a reply without Content-Length: ${head.split('\r\n')[0]}`));
    if (this.buffer.length < headEnd + 4 + length) return;
    const status = Number(head.slice(9, 12));
    const { started, resolve } = this.waiting;
    this.waiting = undefined;
    this.buffer = this.buffer.subarray(headEnd + 4 + length);
    resolve({ status, ms: ended - started });
  }

  private fail(err: Error): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(err);
  }
}
