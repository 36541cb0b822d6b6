// The floor of benchmark 2: node:http answering `ok`, after setTimeout(100) when the request has `x-delay: 100`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer({ keepAlive: true }, (req, res) => {
  const reply = (): void => void res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 }).end('ok');
  const delay = Number(req.headers['x-delay'] ?? 0);
  if (delay > 0) setTimeout(reply, delay);
  else reply();
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare delay listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
