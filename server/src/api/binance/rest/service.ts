import type { Clock } from '../../../clock/clock.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Action, Outcome } from '../../../faults/outcome.js';
import type { RestTarget } from '../../../faults/rules.js';
import type { Journal } from '../../../control/journal.js';
import { outcomePlan, type FaultSource, type Plan } from '../../edge-http.js';
import { routeId } from './route.js';
import { BINANCE_API_HOST } from '../hosts.js';
import { pairBySymbol } from '../names.js';
import { binanceFaultError } from './fault-errors.js';
import { createBinanceApi, type BinanceRequest } from './handler.js';
import { restJournalEntry } from './journal-entry.js';
import type { BinanceLimits } from './limits.js';
import type { Route } from './route.js';
import { ROUTES } from './routes/index.js';
import { restOperation } from '../operations.js';

/** The first value of `name` in the query or, on a non-GET, the form body (never throws: a malformed request is the route's to refuse). */
function param(req: BinanceRequest, name: string): string | null {
  return new URLSearchParams(req.query).get(name) ?? (req.method.toUpperCase() === 'GET' ? null : new URLSearchParams(req.body).get(name));
}

/** The fault target of a request Binance serves: route id, visibility (SIGNED = private), account (from X-MBX-APIKEY), pair (from `symbol`). */
export function targetOf(exchange: Exchange, req: BinanceRequest, route: Route): RestTarget {
  const key = req.headers['x-mbx-apikey'];
  const symbol = param(req, 'symbol');
  return {
    transport: 'rest', route: routeId(route), op: restOperation(routeId(route)), visibility: route.security === 'NONE' ? 'public' : 'private', method: req.method.toUpperCase(),
    account: key ? exchange.byKey.get(key)?.name : undefined, key,
    pair: symbol ? pairBySymbol(symbol)?.symbol : undefined,
    host: BINANCE_API_HOST, renderError: binanceFaultError,
  };
}

/**
 * Binance's REST API behind the same fault pipeline as Kraken's: each request becomes a Plan (a
 * scripted delay, then the route's reply or the fault's), written to the journal as it is answered.
 * Paths Binance does not serve are no fault target (a rule cannot match them) but are journaled.
 */
export function createBinanceService(exchange: Exchange, clock: Clock, faults?: FaultSource, journal?: Journal, routes: readonly Route[] = ROUTES, limits?: BinanceLimits): (req: BinanceRequest) => Plan {
  const api = createBinanceApi(exchange, clock, routes, limits);
  const table = new Map(routes.map((r) => [routeId(r), r]));
  return (req) => {
    const arrived = clock.now();
    const route = table.get(`${req.method.toUpperCase()} ${req.path}`);
    const target = route && faults?.hasFaults(arrived) ? targetOf(exchange, req, route) : undefined;
    const { outcomes, fired } = target && faults ? faults.decide(target, arrived) : { outcomes: [] as Outcome[], fired: [] };
    const { delayMs, decide } = outcomePlan(outcomes, () => api(req));
    return {
      delayMs, fired,
      finish: (): Action => {
        // What the route did to orders is kept apart from the reply: a fault may lose the reply, never this.
        const { action, reply } = decide();
        journal?.record(restJournalEntry(exchange, req, route ? routeId(route) : undefined, action, fired, arrived, clock.now(), reply?.effects));
        return action;
      },
    };
  };
}
