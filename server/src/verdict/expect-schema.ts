import * as z from 'zod';
import { durationSchema } from '../scenario/schema-common.js';

/** When a check looks: `outage` (every phase that is not calm), `all`, or the phases named. */
const duringSchema = z.union([z.enum(['outage', 'all']), z.array(z.string().min(1)).min(1)]);

const check = <T extends z.ZodRawShape>(shape: T) => z.union([z.literal(true), z.strictObject(shape)]);

/**
 * What a scenario expects of the client that lives through it. Each check is `true` (defaults)
 * or an object of options; the verdict reports every check as pass, fail or not applicable, with
 * the evidence from the request journal.
 */
export const expectSchema = z.strictObject({
  account: z.string().optional().describe('Judge only this account\'s private calls (default: all traffic).'),
  maxRequestRate: check({
    perSecond: z.number().positive().describe('Highest rate allowed, requests per second over any window.'),
    window: durationSchema.default('10s').describe('Window the rate is measured over.'),
    during: duringSchema.default('outage'),
  }).optional().describe('Stays under a request rate while the exchange is down (no hammering).'),
  backoff: check({
    after: z.number().int().min(2).default(3).describe('Failed requests in a row before backoff is expected.'),
    growth: z.number().min(1).default(1.5).describe('Each gap at least this many times the one before…'),
    cap: durationSchema.default('60s').describe('…until the gap reaches this.'),
    jitter: z.boolean().default(false).describe('Also require the gaps not to be exact multiples of each other.'),
  }).optional().describe('Waits longer and longer between retries after errors.'),
  retryAfter: check({}).optional().describe('Sends nothing before a Retry-After has passed.'),
  noLockout: check({}).optional().describe('Never earns a rate-limit lockout, an IP ban or "Exceeded msg rate".'),
  watchStatus: check({
    every: durationSchema.default('2m').describe('Longest gap allowed between status checks during the outage.'),
  }).optional().describe('Polls the status API (or keeps a WebSocket open, which pushes status frames) while the exchange is down.'),
  reconcile: check({
    within: durationSchema.default('2m').describe('How soon after recovery.'),
  }).optional().describe('After recovery, checks its orders and balances: open, closed or chosen orders, balances, its trades or ledgers, or a private stream subscription (on Kraken: OpenOrders, QueryOrders, ClosedOrders, Balance, or the executions channel).'),
  noDuplicateOrders: check({
    window: durationSchema.default('5m').describe('How long after a lost reply a same order counts as a duplicate.'),
  }).optional().describe('Places no second copy of an order whose first reply was lost (ambiguous commit).'),
  deadMansSwitch: check({
    every: durationSchema.default('60s').describe('Longest gap allowed between dead man\'s switch calls once armed (on Kraken: CancelAllOrdersAfter).'),
  }).optional().describe('Keeps the dead man\'s switch alive once armed.'),
  reconnects: check({
    perMinute: z.number().positive().default(10).describe('WebSocket connection attempts allowed per minute.'),
  }).optional().describe('Reconnects without a storm after WebSocket drops.'),
});

export type ExpectDecl = z.infer<typeof expectSchema>;
export type CheckId = Exclude<keyof ExpectDecl, 'account'>;
