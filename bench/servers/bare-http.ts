// The floor: node:http answering canned bytes (BENCH_ROUTES) after reading the request body.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cannedFor, cannedRoutes, pathOf } from './canned.js';

const routes = cannedRoutes(process.env);
const server = createServer({ keepAlive: true }, (req, res) => {
  req.resume();
  req.on('end', () => {
    const reply = cannedFor(routes, req.method, pathOf(req.url ?? ''));
    if (!reply) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': reply.type, 'content-length': reply.body.length });
    res.end(reply.body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare node:http listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
