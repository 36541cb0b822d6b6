import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../src/app.js';
import { statusRouter } from '../src/api/status/express.js';
import type { ManualClock } from '../src/clock/clock.js';
import { Journal } from '../src/control/journal.js';

// The server answers the status page on plain node:http; `statusRouter` (exported for users'
// Express apps) is what it used to run. Both must answer every request alike, byte for byte.

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  names: string[];
  body: string;
}

const HEADERS = ['content-type', 'content-length', 'etag', 'access-control-allow-origin', 'x-powered-by', 'allow', 'transfer-encoding'];

function send(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({
        status: res.statusCode ?? 0,
        headers: Object.fromEntries(HEADERS.map((h) => [h, res.headers[h] as string | undefined])),
        names: res.rawHeaders.filter((_, i) => i % 2 === 0).filter((n) => !/^(date|connection|keep-alive)$/i.test(n)).sort(),
        body,
      }));
    });
    req.on('error', reject).end();
  });
}

const PATHS = [
  '/api/v2/summary.json', '/api/v2/status.json', '/api/v2/components.json', '/api/v2/incidents.json', '/api/v2/incidents/unresolved.json',
  '/api/v2/scheduled-maintenances.json', '/api/v2/scheduled-maintenances/upcoming.json', '/api/v2/scheduled-maintenances/active.json',
  '/api/v2/summary.json?x=1&y', '/api/v2/SUMMARY.JSON', '/api/v2/summary.json/', '/api/v2/summary.json//', '/api/v2/Incidents/Unresolved.json',
  '/api/v2', '/api/v2/', '/api/v2?x=1', '/api/v2/nothing.json', '/api/v2/summary%2Ejson', '/api/v2//summary.json', '/api/v2/incidents/unresolved.json/?q',
];

describe('status page on node:http', () => {
  let ex: RunningExchange<ManualClock>;
  let viaExpress: Server;
  const expressJournal = new Journal();

  beforeAll(async () => {
    ex = await startExchange({ scenario: 'scheduled-maintenance', clock: 'manual', seed: 3 });
    ex.clock.advance(80 * 60_000);
    viaExpress = createServer(express().disable('x-powered-by').use(statusRouter(ex.status, ex.clock, expressJournal))).listen(0, '127.0.0.1');
    await once(viaExpress, 'listening');
  });
  afterAll(async () => {
    viaExpress.close();
    await ex.close();
  });

  it('answers every method and path as the Express router does: status, headers, body and journal entry', async () => {
    const expressPort = (viaExpress.address() as AddressInfo).port;
    for (const path of PATHS) {
      for (const method of ['GET', 'HEAD', 'POST', 'OPTIONS', 'DELETE']) {
        expect(await send(ex.port, method, path), `${method} ${path}`).toEqual(await send(expressPort, method, path));
      }
    }
    const journaled = (j: Journal): unknown[] => j.list({ transport: 'status', limit: 1e6 }).map(({ seq: _seq, time: _time, ...e }) => e);
    expect(journaled(ex.journal)).toEqual(journaled(expressJournal));
    expect(journaled(ex.journal)).toHaveLength(PATHS.length * 5);
  });

  it('answers a cached copy with 304 exactly when Express did: If-None-Match naming the ETag or *, and no no-cache', async () => {
    const expressPort = (viaExpress.address() as AddressInfo).port;
    const etag = (await send(ex.port, 'GET', '/api/v2/status.json')).headers.etag!;
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    const cases: Record<string, string>[] = [
      { 'if-none-match': etag }, { 'if-none-match': etag.slice(2) }, { 'if-none-match': '*' }, { 'if-none-match': `"x", ${etag}` },
      { 'if-none-match': '"nope"' }, { 'if-none-match': `${etag},"b"` }, { 'if-none-match': etag, 'cache-control': 'no-cache' },
      { 'if-modified-since': new Date(Date.UTC(2030, 0, 1)).toUTCString() },
    ];
    const statuses: number[] = [];
    for (const headers of cases) {
      for (const [method, path] of [['GET', '/api/v2/status.json'], ['HEAD', '/api/v2/status.json'], ['POST', '/api/v2/status.json'], ['GET', '/api/v2/nothing.json']] as const) {
        const answer = await send(ex.port, method, path, headers);
        expect(answer, `${method} ${path} ${JSON.stringify(headers)}`).toEqual(await send(expressPort, method, path, headers));
        if (method === 'GET' && path === '/api/v2/status.json') statuses.push(answer.status);
      }
    }
    expect(statuses).toEqual([304, 304, 304, 304, 200, 304, 200, 200]);
  });

  it('statusRouter needs no Express app around it: node:http serves it as it is, answering as when Express mounts it', async () => {
    const alone = createServer(statusRouter(ex.status, ex.clock)).listen(0, '127.0.0.1');
    await once(alone, 'listening');
    try {
      const expressPort = (viaExpress.address() as AddressInfo).port;
      for (const path of PATHS) {
        for (const method of ['GET', 'HEAD', 'POST']) {
          expect(await send((alone.address() as AddressInfo).port, method, path), `${method} ${path}`).toEqual(await send(expressPort, method, path));
        }
      }
    } finally {
      alone.close();
    }
  });
});
