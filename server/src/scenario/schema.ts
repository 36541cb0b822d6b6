import * as z from 'zod';
import { decimalTextSchema, durationSchema, pairNameSchema } from './schema-common.js';
import { rateLimitsSchema, timelineSchema } from './timeline-schema.js';
import { expectSchema } from '../verdict/expect-schema.js';
import { DIALECTS, type DialectName } from '../api/dialects.js';
import { assetNamed } from './names.js';

const assetNameSchema = z.string().refine((v) => assetNamed(v) !== undefined, { message: 'unknown asset' });

export const withdrawKeySchema = z.strictObject({
  name: z.string().min(1).max(64).describe('The withdrawal key name clients pass as `key`.'),
  asset: assetNameSchema.describe('Asset this key withdraws (BTC, XBT, ETH, USD, …).'),
  address: z.string().min(1).optional().describe('Destination address; generated when omitted.'),
  outcome: z.enum(['success', 'failure']).default('success').describe('`failure` makes withdrawals to this key fail and refund.'),
});

export const accountSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'expected 1-40 letters, digits, "_", "." or "-"'),
  key: z.string().regex(/^[A-Za-z0-9+/=_-]{8,128}$/, 'expected 8-128 characters of [A-Za-z0-9+/=_-]').optional()
    .describe('API key; generated from the seed when omitted.'),
  secret: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64 text').optional()
    .describe('Base64 API secret; generated from the seed when omitted.'),
  balances: z.record(assetNameSchema, decimalTextSchema).optional().describe('Starting balances by asset.'),
  feeTier: z.number().int().min(0).max(9).default(0).describe("Index into Kraken's fee schedule (0 = 0.40 % taker / 0.25 % maker)."),
  tier: z.enum(['starter', 'intermediate', 'pro']).default('intermediate').describe('Verification tier: sets rate limits and open-order caps.'),
  otp: z.string().min(1).optional().describe('Two-factor password every private call must carry as `otp`.'),
  nonceWindow: z.number().int().min(0).default(0).describe('How far a nonce may fall below the highest seen (0 = strictly increasing).'),
  permissions: z.array(z.enum(['query', 'trade', 'deposit', 'withdraw', 'websocket'])).optional()
    .describe('What the API key may do (default: everything).'),
  withdrawKeys: z.array(withdrawKeySchema).optional().describe('Saved withdrawal destinations (default: one per crypto asset).'),
});

export const pairSettingsSchema = z.strictObject({
  price: z.number().positive().optional().describe('Start price in the quote asset.'),
  volatility: z.number().min(0).max(20).optional().describe('Annualised volatility (0.55 = 55 %).'),
  drift: z.number().min(-10).max(10).optional().describe('Annualised drift (0.1 = +10 % a year).'),
  tradeRate: z.number().min(0).max(100).optional().describe('Mean simulated public trades per second.'),
  levelSize: z.number().positive().optional().describe('Typical size of a book level, base units.'),
  depth: z.number().int().min(10).max(1000).optional().describe('Simulated book levels per side.'),
});

export const marketSchema = z.strictObject({
  step: durationSchema.default('1s').describe('Interval between market model steps.'),
  start: z.iso.datetime().optional().describe('Where simulated time starts, on either clock (ISO 8601, UTC); the system clock runs on from it at its speed. Default: 2026-01-01T00:00:00Z on the manual clock, the current time on the system clock.'),
  pairs: z
    .record(pairNameSchema, pairSettingsSchema.nullable())
    .optional()
    .describe('Pairs to list, by any Kraken or domain name (XBT/USD, BTC/USD, XBTUSD), with model settings.'),
});

/** A scenario file: the one source of truth for runtime validation, TS types and the JSON Schema. */
export const scenarioSchema = z.strictObject({
  name: z.string().min(1).max(80),
  description: z.string().optional(),
  exchange: z.enum(Object.keys(DIALECTS) as [DialectName, ...DialectName[]]).optional()
    .describe('Which exchange the server plays (its REST routes, signing, errors): `kraken` (default) or `binance`. The command line\'s `--exchange` overrides it.'),
  seed: z.union([z.number().int(), z.string().min(1)]).optional().describe('Seed for prices, ids and fault decisions.'),
  market: marketSchema.optional(),
  accounts: z.array(accountSchema).optional().describe('API accounts; one default account when omitted.'),
  timeline: timelineSchema.optional().describe('Phases the exchange lives through, in order; none = calm forever.'),
  rateLimits: rateLimitsSchema.optional().describe("Kraken's rate limits; omit for none. `{}` enables them all with Kraken's figures."),
  loop: z.boolean().optional().describe('Start the timeline over when it ends (every phase then needs a duration).'),
  expect: expectSchema.optional().describe("Checks on the client's conduct; `chaos-exchange run` turns them into a verdict."),
}).superRefine((s, ctx) => {
  if (!s.loop || !s.timeline) return;
  const last = s.timeline[s.timeline.length - 1];
  const lastPhase = last?.phases ? last.phases[last.phases.length - 1] : last;
  if (lastPhase && lastPhase.duration === undefined) {
    ctx.addIssue({ code: 'custom', path: ['loop'], message: `a looping timeline needs a duration on its last phase ("${lastPhase.name}")` });
  }
});

export type Scenario = z.infer<typeof scenarioSchema>;
/** A scenario as written (defaults not yet applied), e.g. an object passed to startExchange. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type AccountDecl = z.infer<typeof accountSchema>;
