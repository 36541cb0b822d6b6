import ccxt from 'ccxt';
import { SYMBOLS, type BotClient, type BotDialect } from './bot-context.js';

/** The client an example bot trades with, and what it needs to know about it. */
export interface BotConnection {
  exchange: BotClient;
  dialect: BotDialect;
  symbol: string;
}

/** How the client is built: its HTTP (`fetch`) and clock (`now`) may be the simulation's. */
export interface ClientHooks {
  fetch?: BotClient['fetchImplementation'];
  now?: (() => number) | undefined;
}

/** The API named by `CHAOS_EXCHANGE_DIALECT` (Kraken when unset, as before the variable existed). */
export function dialectOf(env: Record<string, string | undefined>): BotDialect {
  return env.CHAOS_EXCHANGE_DIALECT === 'binance' ? 'binance' : 'kraken';
}

/**
 * ccxt's client for the CHAOS_EXCHANGE_* environment, without ccxt's throttle (it sleeps in
 * wall-clock time; the bots pace themselves). Kraken: both API URLs moved to the exchange, the
 * nonce a counter (strictly increasing whatever the clock does). Binance: default options, every
 * REST base URL of `urls.api` moved to the exchange (paths kept), recvWindow 60 s, its signing clock `now`.
 */
export function connectBot(env: Record<string, string | undefined>, hooks: ClientHooks = {}): BotConnection {
  const dialect = dialectOf(env);
  const keys = { apiKey: env.CHAOS_EXCHANGE_API_KEY, secret: env.CHAOS_EXCHANGE_API_SECRET, enableRateLimit: false };
  const url = env.CHAOS_EXCHANGE_URL ?? '';
  let exchange: BotClient;
  if (dialect === 'binance') {
    exchange = new ccxt.binance(keys);
    const api = exchange.urls.api as Record<string, unknown>;
    for (const [name, value] of Object.entries(api)) {
      if (typeof value === 'string') api[name] = value.replace(/^https:\/\/[^/]+/, url);
    }
    // Binance's longest recvWindow (ccxt sends 10 s): under `run --speed`, real latency counts many times over.
    exchange.options.recvWindow = 60_000;
    if (hooks.now) exchange.milliseconds = hooks.now;
  } else {
    const kraken = new ccxt.kraken(keys);
    kraken.urls.api.public = url;
    kraken.urls.api.private = url;
    let nonce = 0;
    kraken.nonce = () => ++nonce;
    exchange = kraken;
  }
  if (hooks.fetch) exchange.fetchImplementation = hooks.fetch;
  return { exchange, dialect, symbol: SYMBOLS[dialect] };
}
