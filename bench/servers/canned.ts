/** A canned reply: the exact bytes and content type chaos-exchange sent for a path. */
export interface Canned {
  type: string;
  body: string;
}

/**
 * Canned replies by request path (no query), as handed to a bare server in BENCH_ROUTES. A key may
 * start with a method (`DELETE /api/v3/order`) where one path answers several methods differently.
 */
export type CannedRoutes = Record<string, Canned>;

/** Reads BENCH_ROUTES (JSON of CannedRoutes) from the environment. */
export function cannedRoutes(env: NodeJS.ProcessEnv): Map<string, { type: string; body: Buffer }> {
  if (!env.BENCH_ROUTES) throw new Error('BENCH_ROUTES is not set: expected JSON {"/path": {"type": ..., "body": ...}}');
  const routes = JSON.parse(env.BENCH_ROUTES) as CannedRoutes;
  return new Map(Object.entries(routes).map(([path, c]) => [path, { type: c.type, body: Buffer.from(c.body) }]));
}

/** The canned reply for a request: by `METHOD path` first, then by path alone. */
export function cannedFor<T>(routes: ReadonlyMap<string, T>, method: string | undefined, path: string): T | undefined {
  return routes.get(`${method ?? 'GET'} ${path}`) ?? routes.get(path);
}

/** The path of a request URL without its query string. */
export const pathOf = (url: string): string => {
  const q = url.indexOf('?');
  return q >= 0 ? url.slice(0, q) : url;
};
