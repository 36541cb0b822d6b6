// The Express 5 baseline: one route per canned reply (BENCH_ROUTES), the raw body read as chaos-exchange reads it.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { cannedRoutes } from './canned.js';

const app = express().disable('x-powered-by').set('etag', false);
app.use(express.raw({ type: () => true, limit: 256 * 1024 }));
for (const [key, reply] of cannedRoutes(process.env)) {
  // A key is a path (every method) or `METHOD path`.
  const [method, path] = key.startsWith('/') ? ['all', key] : [key.slice(0, key.indexOf(' ')).toLowerCase(), key.slice(key.indexOf(' ') + 1)];
  app[method as 'all' | 'get' | 'post' | 'delete'](path!, (_req, res) => void res.type(reply.type).send(reply.body));
}
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare express listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
