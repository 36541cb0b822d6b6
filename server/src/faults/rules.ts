import * as z from 'zod';
import type { Rng } from '../clock/rng.js';
import { OPERATION_NAMES, type Operation } from '../exchange/operations.js';
import { pairNameSchema, probabilitySchema } from '../scenario/schema-common.js';
import { effectSchema, outcomesOf, wsEventsOf } from './kinds/index.js';
import type { Outcome } from './outcome.js';
import type { ErrorRenderer } from './kinds/kind.js';
import { rayId } from './pages.js';
import { pairNamed } from '../scenario/names.js';

const operationSchema = z.enum(OPERATION_NAMES).describe('A neutral operation (see docs/scenarios.md): each dialect maps its own routes, channels and requests to it.').meta({ id: 'operation' });

export const matchSchema = z.strictObject({
  op: z.union([operationSchema, z.array(operationSchema)]).optional()
    .describe('Neutral operation(s) the request or WebSocket event is about: "place-order", "cancel-order", "balance", "book", "ticker", "trades", "candles", "open-orders"… Each dialect maps its routes, channels and requests to them, so the rule means the same under Kraken and Binance.'),
  route: z.union([z.string(), z.array(z.string())]).optional()
    .describe('The dialect\'s REST method name or glob (Kraken: "AddOrder", "private/*", "public/Ticker", "Cancel*"; Binance: "GET /api/v3/depth", "GET /api/v3/ticker/*"). Default: every route.'),
  method: z.enum(['GET', 'POST']).optional(),
  account: z.string().optional().describe('Account name or API key.'),
  pair: pairNameSchema.optional(),
  channel: z.union([z.string(), z.array(z.string())]).optional()
    .describe('WebSocket channel name or glob: "book", "ticker", "executions", "ownTrades", "*". WebSocket faults only.'),
  request: z.union([z.string(), z.array(z.string())]).optional()
    .describe('WebSocket request (v2 method or v1 event) name or glob: "subscribe", "add_order", "addOrder". WebSocket faults only.'),
  connection: z.string().min(1).optional()
    .describe('WebSocket endpoint: its path or name (Kraken: "/v2", "/v2-auth", "/", "/auth"; Binance: "/ws", "/stream", "/ws-api/v3", "user-stream" for the listen-key streams), "public"/"private", or an API version (Kraken: "v1", "v2"). WebSocket faults only.'),
}).meta({ id: 'faultMatch' });

export const faultRuleSchema = z.strictObject({
  name: z.string().optional(),
  match: matchSchema.optional(),
  probability: probabilitySchema.optional().describe('Chance a matching request is hit (default 1).'),
  ramp: z.strictObject({ from: probabilitySchema, to: probabilitySchema }).optional()
    .describe('Probability growing linearly across the phase, from → to.'),
  first: z.number().int().min(1).optional().describe('Only the first N matching requests of the phase.'),
  every: z.number().int().min(1).optional().describe('Only every Nth matching request.'),
  effect: effectSchema,
}).refine((r) => r.probability === undefined || r.ramp === undefined, { message: 'give either probability or ramp, not both' }).meta({ id: 'faultRule' });

export type FaultRule = z.infer<typeof faultRuleSchema>;

/** What a fault rule is matched against: one REST request, or one WebSocket event. */
export type Target = RestTarget | WsTarget;

/** One REST request. */
export interface RestTarget {
  transport: 'rest';
  /** The dialect's method name (Kraken's `AddOrder`). */
  route: string;
  /** The neutral operation the dialect maps the route to (`place-order`). */
  op?: Operation | undefined;
  /** The API host the dialect's edge pages name (Kraken: `api.kraken.com`); absent: they name none. */
  host?: string | undefined;
  /** How the dialect answers an `error` fault (Kraken's envelope, Binance's `{code,msg}`). */
  renderError: ErrorRenderer;
  visibility: 'public' | 'private';
  method: string;
  account: string | undefined;
  key: string | undefined;
  /** Domain symbol of the request's `pair`, when it names a known pair. */
  pair: string | undefined;
}

/**
 * One WebSocket event: an `upgrade` (connection attempt), an `open` connection (on connect and at
 * each phase start), a shared `feed` update, a data `frame` about to go to one connection, a
 * client `request`, or a `session`: a connection that holds a credential for its lifetime (a
 * listen key, a user-data subscription), on connect and at each phase start; dialects whose
 * credentials travel with each request have none. Which events a rule sees depends on its effect's kind.
 */
export interface WsTarget {
  transport: 'ws';
  event: WsEvent;
  /** Endpoint name as the dialect lists it (`/v2`, `/auth`; Binance's `/ws`, `user-stream`). */
  path: string;
  /** Whether the endpoint is public or private (from the dialect's endpoint list). */
  visibility?: 'public' | 'private' | undefined;
  /** The endpoint's API version, where the dialect has several (`v1`). */
  version?: string | undefined;
  /** Channel of a feed or frame (v2 or v1 name, e.g. `book`, `ownTrades`). */
  channel: string | undefined;
  /** A request's v2 method or v1 event name. */
  request: string | undefined;
  /** The neutral operation of a request, or of a feed's or frame's channel (`book`, `place-order`); none for upgrades and opens. */
  op?: Operation | undefined;
  pair: string | undefined;
  account: string | undefined;
  /** The API host the dialect's edge pages name (a refused upgrade's page); absent: they name none. */
  host?: string | undefined;
}

export type WsEvent = 'upgrade' | 'open' | 'feed' | 'frame' | 'request' | 'session';

const globs = <T extends string>(g: T | T[]): T[] => (Array.isArray(g) ? g : [g]);

/** Whether a WebSocket event's endpoint is what a rule's `connection` names: its name, its visibility or its version. */
function connectionMatches(want: string, t: WsTarget): boolean {
  return want === t.path || want === t.visibility || want === t.version;
}

/** Globs already compiled: rules are matched on every request, and a scenario has few distinct globs. */
const compiled = new Map<string, RegExp>();

/** A route glob (`Cancel*`, `private/*`) as a case-insensitive anchored regex (compiled once per glob). */
export function globToRegex(glob: string): RegExp {
  let re = compiled.get(glob);
  if (!re) {
    re = new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
    // Globs come from scenarios and injected rules; a long-lived server with endless new ones stays bounded.
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(glob, re);
  }
  return re;
}

/**
 * Whether a route glob names a route: its id itself (`AddOrder`, Binance's `GET /api/v3/depth`), or,
 * for a glob with a `/`, `<visibility>/<id>` too (`private/*`, `public/Ticker`).
 */
export function routeGlobMatches(glob: string, visibility: string, id: string): boolean {
  const re = globToRegex(glob);
  return re.test(id) || (glob.includes('/') && re.test(`${visibility}/${id}`));
}

/** Whether a rule's `match` selects a target (every given field must match). */
export function matches(rule: FaultRule, t: Target): boolean {
  const events = wsEventsOf(rule.effect);
  if (t.transport === 'ws' ? !events?.includes(t.event) : events !== undefined) return false;
  const m = rule.match;
  if (!m) return true;
  if (m.pair !== undefined && pairNamed(m.pair)?.symbol !== t.pair) return false;
  if (m.op !== undefined && (t.op === undefined || !globs(m.op).includes(t.op))) return false;
  if (t.transport === 'ws') {
    if (m.account !== undefined && m.account !== t.account) return false;
    if (m.connection !== undefined && !connectionMatches(m.connection, t)) return false;
    if (m.channel !== undefined && !globs(m.channel).some((g) => t.channel !== undefined && globToRegex(g).test(t.channel))) return false;
    return m.request === undefined || globs(m.request).some((g) => t.request !== undefined && globToRegex(g).test(t.request));
  }
  if (m.route !== undefined && !globs(m.route).some((g) => routeGlobMatches(g, t.visibility, t.route))) return false;
  if (m.method !== undefined && m.method !== t.method.toUpperCase()) return false;
  if (m.account !== undefined && m.account !== t.account && m.account !== t.key) return false;
  return true;
}

/**
 * The rules of one phase with their counters and seeded streams. `decide` folds every matching
 * rule's outcomes: delays add up and WebSocket actions combine; the first rule that replaces,
 * commits-then or mangles a REST reply wins that part. The same requests in the same order always get the same decisions.
 */
export class RuleSet {
  private readonly seen: number[];
  private readonly rngs: Rng[];

  constructor(readonly rules: readonly FaultRule[], rng: Rng, private readonly start: number, private readonly end: number) {
    this.seen = rules.map(() => 0);
    this.rngs = rules.map((_, i) => rng.fork(`rule/${i}`));
  }

  decide(t: Target, now: number): { outcomes: Outcome[]; fired: string[] } {
    const outcomes: Outcome[] = [];
    const fired: string[] = [];
    let final = false;
    this.rules.forEach((rule, i) => {
      if (!matches(rule, t)) return;
      const n = ++this.seen[i]!;
      if (rule.first !== undefined && n > rule.first) return;
      if (rule.every !== undefined && n % rule.every !== 0) return;
      const rng = this.rngs[i]!;
      if (!rng.chance(this.probability(rule, now))) return;
      const ctx = { rng, rayId: () => rayId(rng), host: t.host, renderError: t.transport === 'rest' ? t.renderError : undefined, now };
      for (const o of outcomesOf(rule.effect, ctx)) {
        // Delays add up and WebSocket actions combine (a frame may be both delayed and duplicated).
        if (o.kind === 'delay' || o.kind === 'ws') outcomes.push(o);
        else if (!final) {
          outcomes.push(o);
          final = true;
        }
      }
      fired.push(rule.name ?? `${rule.effect.kind}#${i}`);
    });
    return { outcomes, fired };
  }

  private probability(rule: FaultRule, now: number): number {
    if (rule.ramp) {
      const span = this.end - this.start;
      const progress = Number.isFinite(span) && span > 0 ? Math.min(1, Math.max(0, (now - this.start) / span)) : 0;
      return rule.ramp.from + (rule.ramp.to - rule.ramp.from) * progress;
    }
    return rule.probability ?? 1;
  }
}
