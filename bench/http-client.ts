import { Agent, request } from 'node:http';

/** One reply as the client saw it, with the round trip in milliseconds (measured at the client). */
export interface Timed {
  status: number;
  /** The content-type header ('' when absent). */
  type: string;
  body: string;
  ms: number;
}

/** A keep-alive HTTP client over one socket, for sequential requests timed at the client. */
export class SequentialClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly base: string) {}

  /** GETs `path` (with its query) and resolves with the reply and its round trip. */
  get(path: string, headers: Record<string, string> = {}): Promise<Timed> {
    return this.send('GET', path, headers, undefined);
  }

  /** POSTs a form body to `path`. */
  post(path: string, body: string, headers: Record<string, string> = {}): Promise<Timed> {
    return this.send('POST', path, { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body);
  }

  /** Sends `method` to `path` with no body (a DELETE, say). */
  call(method: string, path: string, headers: Record<string, string> = {}): Promise<Timed> {
    return this.send(method, path, headers, undefined);
  }

  close(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<Timed> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

