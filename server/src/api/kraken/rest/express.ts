import express, { type ErrorRequestHandler, type Express } from 'express';
import { envelope, MAX_BODY_BYTES, type HttpRequest, type HttpResponse } from './handler.js';

/**
 * Serves a transport-neutral Kraken API function over Express 5. The body is read raw (API-Sign is
 * computed over the exact bytes) with a size limit; body-reading failures become Kraken errors.
 */
export function krakenExpressApp(api: (req: HttpRequest) => HttpResponse): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES }));
  app.use((req, res) => {
    const q = req.originalUrl.indexOf('?');
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const out = api({ method: req.method, path: req.path, query: q >= 0 ? req.originalUrl.slice(q + 1) : '', headers, body });
    res.status(out.status).set(out.headers).send(out.body);
  });
  const bodyErrors: ErrorRequestHandler = (err: { type?: string }, _req, res, _next) => {
    const reason = err.type === 'entity.too.large' ? 'body too large' : 'unreadable body';
    const out = envelope({ ok: false, errors: [`EGeneral:Invalid arguments:${reason}`] });
    res.status(out.status).set(out.headers).send(out.body);
  };
  app.use(bodyErrors);
  return app;
}
