import * as z from 'zod';
import { parseDuration } from '../../clock/duration.js';
import { durationSchema } from '../../scenario/schema-common.js';
import type { FaultKind } from './kind.js';

const ms = (d: string): number => parseDuration(d) as number;

/** Extra latency before the request is processed: fixed, uniform between two bounds, or lognormal. */
export const latencyFault = {
  schema: z.strictObject({
    kind: z.literal('latency'),
    fixed: durationSchema.optional(),
    uniform: z.tuple([durationSchema, durationSchema]).optional().describe('[min, max]'),
    lognormal: z.strictObject({ median: durationSchema, sigma: z.number().min(0).max(5) }).optional(),
  }).refine((e) => [e.fixed, e.uniform, e.lognormal].filter((x) => x !== undefined).length === 1, {
    message: 'a latency fault needs exactly one of fixed, uniform or lognormal',
  }),
  outcomes(effect, ctx) {
    let delay: number;
    if (effect.fixed) delay = ms(effect.fixed);
    else if (effect.uniform) delay = ctx.rng.uniform(ms(effect.uniform[0]), ms(effect.uniform[1]));
    else delay = ms(effect.lognormal!.median) * Math.exp(effect.lognormal!.sigma * ctx.rng.normal());
    return [{ kind: 'delay', ms: Math.round(delay) }];
  },
} satisfies FaultKind<'latency'>;
