import * as z from 'zod';
import { MODES } from '../exchange/conditions.js';
import { errorTextSchema } from '../faults/kinds/error.js';
import { faultRuleSchema } from '../faults/rules.js';
import { durationSchema, pairNameSchema, positiveDurationSchema } from './schema-common.js';
import { phaseStatusSchema } from './status-schema.js';
import { assetNamed } from './names.js';

export const modeSchema = z.enum(MODES).meta({ id: 'mode' });

export const orderPolicySchema = z.strictObject({
  onEnter: z.enum(['keep', 'cancel']).default('keep').describe('What happens to resting orders when the phase starts.'),
  new: z.enum(['accept', 'reject', 'queue']).default('accept')
    .describe('New orders: accepted, rejected (with `rejectWith`), or queued until a phase that accepts them.'),
  rejectWith: errorTextSchema.default('unavailable'),
  triggers: z.enum(['active', 'suspended']).default('active').describe('Whether stop and take-profit orders can fire.'),
});
export type OrderPolicy = z.infer<typeof orderPolicySchema>;

export const fundingPolicySchema = z.strictObject({
  assets: z.array(z.string().refine((a) => assetNamed(a) !== undefined, { message: 'unknown asset' })).optional()
    .describe('Assets the policy applies to (default: all).'),
  deposits: z.enum(['credit', 'delay']).default('credit').describe('`delay`: deposits are recorded but credited only after the outage (this phase and the ones right after it that also delay them), plus confirmations.'),
  withdrawals: z.enum(['process', 'queue', 'reject']).default('process').describe('`queue`: accepted, processed after the phase; `reject`: refused, funds stay.'),
  addresses: z.enum(['enabled', 'disabled']).default('enabled').describe('`disabled`: deposit addresses are "temporarily unavailable".'),
  rejectWith: errorTextSchema.default('unavailable'),
  fiatDelay: durationSchema.optional().describe('Fiat (USD, EUR) withdrawals queued now are released this much later than crypto.'),
});
export type FundingPolicy = z.infer<typeof fundingPolicySchema>;

const counterSchema = z.union([
  z.boolean(),
  z.strictObject({ max: z.number().positive().optional(), decay: z.number().min(0).optional().describe('Units per second.') }),
]).meta({ id: 'rateLimitCounter' });

/**
 * Kraken's rate limits: `rest` (call counter per API key), `trading` (order-entry counter per
 * account and pair), `public` (per IP), `ws` (messages per connection, connection attempts per IP). `true` or `{}` = Kraken's figures for the account's tier;
 * an object overrides them; `false` turns a limiter off. On a phase, it overrides the scenario's.
 */
export const rateLimitsSchema = z.strictObject({
  rest: counterSchema.optional(),
  trading: counterSchema.optional(),
  public: counterSchema.optional(),
  ws: z.union([z.boolean(), z.strictObject({ messages: counterSchema.optional(), connections: counterSchema.optional() })]).optional()
    .describe('WebSocket limits: client `messages` per connection ("Exceeded msg rate") and `connections` per IP (HTTP 429 on the upgrade).'),
  lockout: z.boolean().optional().describe('Escalating lockouts (EGeneral:Temporary lockout, IP bans) for clients that keep calling (default true).'),
}).meta({ id: 'rateLimits' });
export type RateLimitsDecl = z.infer<typeof rateLimitsSchema>;

export const eventsSchema = z.strictObject({
  gap: z.number().min(-90).max(500).optional().describe('Price gap at the phase start, percent (e.g. -8).'),
  volatility: z.number().min(0).max(100).optional().describe('Multiplies every pair\'s volatility during the phase.'),
  backlog: z.strictObject({
    duration: positiveDurationSchema.describe('How long the backlog of queued orders hits the market.'),
    volatility: z.number().min(1).max(100).default(8).describe('Volatility multiplier while it lasts.'),
    trades: z.number().min(1).max(100).default(6).describe('Trade-rate multiplier while it lasts.'),
  }).optional().describe('Right after recovery: a burst of trading with erratic prices, then back to normal (B12).'),
});

/** The most phases a timeline expands to (repeats included): far beyond any outage, small enough that no request has to walk a huge timeline. */
export const MAX_PHASES = 2000;

/** The most fault rules one phase has (each request is decided against them). */
export const MAX_PHASE_FAULTS = 100;

const phaseFields = {
  name: z.string().min(1).max(80),
  duration: positiveDurationSchema.optional().describe('How long the phase lasts; the last phase may be open-ended.'),
  at: durationSchema.optional().describe('Start time relative to the scenario start; the phase before lasts until then.'),
  mode: z.union([modeSchema, z.strictObject({ global: modeSchema.optional(), pairs: z.record(pairNameSchema, modeSchema).optional() })]).optional()
    .describe('Trading mode, global or per pair (default online).'),
  faults: z.array(faultRuleSchema).max(MAX_PHASE_FAULTS, `a phase has at most ${MAX_PHASE_FAULTS} fault rules`).optional(),
  orders: orderPolicySchema.optional(),
  funding: fundingPolicySchema.optional(),
  rateLimits: rateLimitsSchema.optional().describe('Rate-limit overrides for this phase (e.g. tighter limits for load shedding).'),
  events: eventsSchema.optional(),
  status: phaseStatusSchema.optional(),
};

export const phaseSchema = z.strictObject(phaseFields).meta({ id: 'phase' });
export type PhaseDecl = z.infer<typeof phaseSchema>;

/** A phase, or a group of phases repeated `repeat` times (flapping without copy-paste). */
export const timelineEntrySchema = z.strictObject({
  ...phaseFields,
  name: z.string().min(1).max(80),
  repeat: z.number().int().min(1).max(1000).optional().describe('Repeat the nested `phases` this many times.'),
  phases: z.array(phaseSchema).min(1).optional(),
}).superRefine((e, ctx) => {
  const group = e.repeat !== undefined || e.phases !== undefined;
  if (!group) return;
  if (e.repeat === undefined || e.phases === undefined) ctx.addIssue({ code: 'custom', message: 'a repeated group needs both `repeat` and `phases`' });
  for (const k of ['duration', 'at', 'mode', 'faults', 'orders', 'funding', 'rateLimits', 'events', 'status'] as const) {
    if (e[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `\`${k}\` belongs on the nested phases of a repeated group` });
  }
});

export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/**
 * Only the last phase may be open-ended, and the timeline expands (repeats included) to at most
 * MAX_PHASES phases. Runs even when entries have other problems, so every problem is reported at once.
 */
export const timelineSchema = z.array(timelineEntrySchema).min(1).superRefine((entries, ctx) => {
  const items = Array.isArray(entries) ? (entries as unknown[]) : [];
  const expanded = items.reduce<number>((n, e) => {
    const entry = (e ?? {}) as { phases?: unknown; repeat?: unknown };
    const times = typeof entry.repeat === 'number' && entry.repeat > 0 ? entry.repeat : 1;
    return n + (Array.isArray(entry.phases) ? entry.phases.length * times : 1);
  }, 0);
  if (expanded > MAX_PHASES) ctx.addIssue({ code: 'custom', message: `a timeline has at most ${MAX_PHASES} phases once repeats are expanded; this one has ${expanded}` });
  const flat = items.flatMap((e, i) => {
    const entry = (e ?? {}) as { phases?: unknown; name?: unknown; duration?: unknown };
    return Array.isArray(entry.phases) ? entry.phases.map((p) => ({ p: (p ?? {}) as typeof entry, i })) : [{ p: entry, i }];
  });
  flat.forEach(({ p, i }, k) => {
    const next = flat[k + 1]?.p as { at?: unknown } | undefined;
    if (p.duration === undefined && k < flat.length - 1 && next?.at === undefined) {
      // The entry may be anything here (this runs despite other problems): String() would throw on `name: { toString: 1 }`.
      const phase = typeof p.name === 'string' ? `phase "${p.name}"` : 'this phase';
      ctx.addIssue({ code: 'custom', path: [i, 'duration'], message: `${phase} needs a duration: only the last phase may be open-ended` });
    }
  });
}, { when: () => true });
