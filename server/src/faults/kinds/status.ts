import * as z from 'zod';
import { durationSchema } from '../../scenario/schema-common.js';
import { parseDuration } from '../../clock/duration.js';
import { edgePage } from '../pages.js';
import type { FaultKind } from './kind.js';

const STATUSES = [403, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 525];

/** An HTTP error from the edge (Cloudflare, nginx, a bare 500, 429 with Retry-After, 403 block page). */
export const statusFault = {
  schema: z.strictObject({
    kind: z.literal('status'),
    status: z.number().int().refine((n) => STATUSES.includes(n), { message: `expected one of ${STATUSES.join(', ')}` }),
    page: z.enum(['cloudflare', 'nginx', 'plain']).optional().describe('Which edge serves the page (default: cloudflare; plain for 500).'),
    retryAfter: durationSchema.optional().describe('Retry-After header (429/503), e.g. "30s".'),
  }),
  outcomes(effect, ctx) {
    const page = edgePage(effect.status, effect.page ?? (effect.status === 500 ? 'plain' : 'cloudflare'), ctx.rayId(), ctx.host);
    const headers = { ...page.headers };
    if (effect.retryAfter) headers['retry-after'] = String(Math.ceil((parseDuration(effect.retryAfter) as number) / 1000));
    return [{ kind: 'replace', action: { kind: 'respond', status: effect.status, headers, body: page.body } }];
  },
} satisfies FaultKind<'status'>;
