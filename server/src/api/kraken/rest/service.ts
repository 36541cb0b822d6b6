import type { Clock } from '../../../clock/clock.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Action, Outcome } from '../../../faults/outcome.js';
import type { RestTarget } from '../../../faults/rules.js';
import { createKrakenApi, type HttpRequest } from './handler.js';
import { ROUTES } from './routes/index.js';
import { API_HOST } from '../hosts.js';
import { restJournalEntry } from './journal-entry.js';
import { krakenFaultError } from './fault-errors.js';
import { restOperation } from '../operations.js';
import type { Journal } from '../../../control/journal.js';

export type { FaultSource, Plan } from '../../edge-http.js';
import { outcomePlan, type FaultSource, type Plan } from '../../edge-http.js';
import { pairByKrakenName } from '../names.js';

const API_PATH = /^\/0\/(public|private)\/([A-Za-z]{1,40})\/?$/;
const KNOWN = new Set(ROUTES.map((r) => `${r.visibility}/${r.id}`));

/** The fault target of a request: route, verb, account (from API-Key) and pair (from its arguments). */
export function targetOf(exchange: Exchange, req: HttpRequest): RestTarget | undefined {
  const m = API_PATH.exec(req.path);
  if (!m || !KNOWN.has(`${m[1]}/${m[2]}`)) return undefined;
  const key = req.headers['api-key'];
  let pairName: string | null = new URLSearchParams(req.query).get('pair');
  if (pairName === null && req.body) {
    if (req.body.trimStart().startsWith('{')) {
      try {
        const v = (JSON.parse(req.body) as { pair?: unknown }).pair;
        pairName = typeof v === 'string' ? v : null;
      } catch {
        pairName = null;
      }
    } else {
      pairName = new URLSearchParams(req.body).get('pair');
    }
  }
  return {
    transport: 'rest', route: m[2] as string, op: restOperation(m[2] as string), visibility: m[1] as 'public' | 'private', method: req.method.toUpperCase(),
    account: key ? exchange.byKey.get(key)?.name : undefined, key,
    pair: pairName ? pairByKrakenName(pairName.split(',')[0]!.trim())?.symbol : undefined,
    host: API_HOST, renderError: krakenFaultError,
  };
}

/**
 * Kraken's REST API behind the fault pipeline: each request becomes a Plan that every transport
 * carries out the same way, and is written to the journal (when given) as it is answered. The
 * route runs at the end of any scripted delay, so a delayed order meets the market as it is when
 * it "arrives".
 */
export function createKrakenService(exchange: Exchange, clock: Clock, faults?: FaultSource, journal?: Journal): (req: HttpRequest) => Plan {
  const api = createKrakenApi(exchange, clock);
  return (req) => {
    const arrived = clock.now();
    const target = faults?.hasFaults(arrived) ? targetOf(exchange, req) : undefined;
    const { outcomes, fired } = target && faults ? faults.decide(target, arrived) : { outcomes: [] as Outcome[], fired: [] };
    const { delayMs, decide } = outcomePlan(outcomes, () => api(req));
    return {
      delayMs, fired,
      finish: (): Action => {
        // What the route changed, kept apart from the reply: a fault may lose the reply, never this.
        const { action, reply } = decide();
        journal?.record(restJournalEntry(exchange, req, action, fired, arrived, clock.now(), reply?.effects));
        return action;
      },
    };
  };
}
