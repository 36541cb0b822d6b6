/**
 * The constructor options that route a ccxt exchange through msw, structurally typed so that
 * chaos-exchange never depends on ccxt. On Node, ccxt (4.5) sends REST calls with `request` from
 * the `undici` package on a dispatcher of its own, a path msw's interceptors (the global `fetch`,
 * `http.ClientRequest`, `XMLHttpRequest`) never see, so without these options it resolves and dials
 * `api.kraken.com` for real. A `fetchImplementation` of its user's takes precedence over undici.
 */
export interface CcxtMswOptions {
  /** The global `fetch` looked up on each call, so it is msw's even if ccxt was built before `server.listen()`. */
  fetchImplementation: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /**
   * ccxt's throttler spaces calls on the real clock (for Kraken 1 s a public call, 3 s a balance or
   * open-orders call) with the `Date.now` and `setTimeout` it kept at import, so neither the
   * scenario's clock nor fake timers reach it: a test would wait real seconds between calls. The
   * scenario's own rate limits still apply.
   */
  enableRateLimit: false;
  /**
   * ccxt's nonce (milliseconds since the epoch) made strictly increasing: in-process calls can
   * follow one another within a millisecond, and a repeated nonce is `EAPI:Invalid nonce`.
   */
  nonce: (this: { milliseconds(): number }) => number;
}

/**
 * Options to spread into a ccxt constructor (`new ccxt.kraken({ apiKey, secret, ...ccxtMswOptions() })`)
 * so its REST calls reach `createMswHandlers`' handlers; call it once per ccxt instance (the nonce
 * counter is the instance's).
 */
export function ccxtMswOptions(): CcxtMswOptions {
  let last = 0;
  return {
    fetchImplementation: (input, init) => globalThis.fetch(input, init),
    enableRateLimit: false,
    nonce() {
      last = Math.max(this.milliseconds(), last + 1);
      return last;
    },
  };
}
