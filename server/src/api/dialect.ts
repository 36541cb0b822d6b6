import type { NeutralError } from '../exchange/neutral-errors.js';
import type { Operation } from '../exchange/operations.js';

/** A dialect's error vocabulary as the core sees it: which texts are its literals, and what they mean. */
export interface ErrorWords {
  /** Whether `text` is one of this dialect's literal errors (Kraken's `EService:Busy`, Binance's `-1008`). */
  owns(text: string): boolean;
  /** The neutral error a literal of this dialect stands for, when it stands for one. */
  problemOf(text: string): NeutralError | undefined;
}

/**
 * One WebSocket endpoint as a fault rule's `connection` names it: a path (`/v2`, `/ws`) or a name
 * standing for a family of paths (one per credential), whether it is public or private, and the
 * API version it serves where the dialect has several.
 */
export interface WsEndpoint {
  /** Its name: the path, or a placeholder for a family of paths. WsTargets carry it as their `path`. */
  path: string;
  visibility: 'public' | 'private';
  /** The API version it serves (`v1`), where the dialect has several. */
  version?: string | undefined;
  /**
   * The endpoint whose name its shared feed updates are decided under, when one feed serves both
   * (so a `freeze` cannot single this one out).
   */
  feedUnder?: string | undefined;
}

/** What a WsTarget learns from its endpoint: whether it is public or private, and its API version. */
export function endpointFacts(endpoints: readonly WsEndpoint[], path: string): { visibility?: 'public' | 'private'; version?: string } {
  const e = endpoints.find((x) => x.path === path);
  return e ? { visibility: e.visibility, ...(e.version ? { version: e.version } : {}) } : {};
}

/** Every value a fault rule's `connection` may take under a dialect: its endpoints, `public`, `private`, and its versions. */
export function connectionNames(endpoints: readonly WsEndpoint[]): string[] {
  return [...new Set([...endpoints.map((e) => e.path), 'public', 'private', ...endpoints.flatMap((e) => (e.version ? [e.version] : []))])];
}

/**
 * What the dialect-neutral core may know of an exchange dialect (Kraken today, Binance next): the
 * native names a scenario may use, for validation with did-you-mean. (The host the core's fault
 * pages name comes with each request: see Target's `host`.) A dialect's folder (`api/<name>/`)
 * implements it in its `dialect.ts`; the core never imports a dialect's folder, only this
 * description and the registry of dialects (api/dialects.ts).
 */
export interface Dialect {
  /** The name scenarios and the command line use for it (`kraken`). */
  name: string;
  /** How messages name the exchange ("Kraken": `"Foo" matches no Kraken method`). */
  title: string;
  /** Its REST methods as fault rules name them, each public or private (`private/*` globs match on it). */
  routes: readonly { id: string; visibility: 'public' | 'private' }[];
  /** Every WebSocket channel a fault rule's `channel` can name. */
  wsChannels: readonly string[];
  /** Its WebSocket endpoints, as a fault rule's `connection` names them. */
  wsEndpoints: readonly WsEndpoint[];
  /** Every WebSocket client request a fault rule's `request` can name. */
  wsRequests: readonly string[];
  /**
   * The neutral operations its REST routes, and its WebSocket channels and requests, map to (a
   * fault rule's `op` that none maps to can never fire); absent: not checked.
   */
  operations?: { rest: readonly Operation[]; ws: readonly Operation[] } | undefined;
  /** Its error literals (a fault's `error`, an order policy's `rejectWith`) and their neutral meanings. */
  errors?: ErrorWords | undefined;
  /**
   * The host names its clients dial (REST, streams), which the transparent proxy answers for under
   * this dialect: a bot with the exchange's own addresses reaches the server at the same paths.
   */
  hosts?: readonly string[] | undefined;
  /**
   * Its own spellings of the catalog's pairs, upper case, each to the domain symbol (Kraken's
   * `XBT/USD` → `BTC/USD`): a scenario, fault rule or admin call may name a pair by them.
   */
  pairAliases: ReadonlyMap<string, string>;
  /** Its own spellings of the catalog's assets, upper case, each to the domain code (Kraken's `XBT` → `BTC`). */
  assetAliases: ReadonlyMap<string, string>;
}
