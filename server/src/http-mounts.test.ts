import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { builtOnFirstUse, CONTROL_PREFIX, isUnder, STATUS_PREFIX, type Handler } from './http-mounts.js';

describe('isUnder', () => {
  it('is the prefix itself, a path below it or a query on it; never a longer name', () => {
    for (const url of ['/__chaos', '/__chaos/', '/__chaos/state', '/__chaos?token=x']) expect(isUnder(url, CONTROL_PREFIX), url).toBe(true);
    for (const url of ['/__chaosx', '/__chao', '/', '', '/0/public/Time', '/x/__chaos']) expect(isUnder(url, CONTROL_PREFIX), url).toBe(false);
    expect(isUnder('/api/v2/status.json', STATUS_PREFIX)).toBe(true);
    expect(isUnder('/api/v20', STATUS_PREFIX)).toBe(false);
  });
});

describe('builtOnFirstUse', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  /** Serves `handler`; `arrived(n)` settles once n requests have reached it. */
  const serve = async (handler: Handler): Promise<{ url: string; arrived(n: number): Promise<void> }> => {
    let count = 0;
    const waiting: { n: number; resolve(): void }[] = [];
    const server = createServer((req, res) => {
      count++;
      for (const w of waiting.filter((x) => x.n <= count)) w.resolve();
      handler(req, res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      arrived: (n) => (count >= n ? Promise.resolve() : new Promise((resolve) => waiting.push({ n, resolve }))),
    };
  };

  it('builds once, on the first request; requests that come meanwhile wait and get their answer, bodies intact', async () => {
    let builds = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = builtOnFirstUse(async () => {
      builds++;
      await gate;
      return (req, res) => {
        let body = '';
        req.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => res.end(`${req.url} ${body}`));
      };
    });
    expect(builds).toBe(0);
    const { url, arrived } = await serve(handler);
    const replies = Promise.all([1, 2, 3].map((i) => fetch(`${url}/r${i}`, { method: 'POST', body: `body ${i}` }).then((r) => r.text())));
    // All three have reached the handler and wait on the one build.
    await arrived(3);
    expect(builds).toBe(1);
    release();
    expect(await replies).toEqual(['/r1 body 1', '/r2 body 2', '/r3 body 3']);
    expect(await (await fetch(`${url}/r4`, { method: 'POST', body: 'later' })).text()).toBe('/r4 later');
    expect(builds).toBe(1);
  });

  it('answers 500 with the reason when the build fails, and builds again on the next request', async () => {
    let builds = 0;
    const handler = builtOnFirstUse(async () => {
      if (++builds === 1) throw new Error('module not found');
      return (_req, res) => res.end('built');
    });
    const { url } = await serve(handler);
    const failed = await fetch(`${url}/x`);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'internal error: module not found' });
    expect(await (await fetch(`${url}/x`)).text()).toBe('built');
    expect(builds).toBe(2);
  });
});
