import * as z from 'zod';
import { edgePage } from '../pages.js';
import type { FaultKind } from './kind.js';

/**
 * Ambiguous commit: the order, cancel or withdrawal IS applied, then the reply is lost (a 502
 * page, no answer at all, or a reset). A client that simply retries places a duplicate.
 */
export const ambiguousFault = {
  schema: z.strictObject({
    kind: z.literal('ambiguous'),
    then: z.enum(['502', 'timeout', 'reset']).default('502').describe('How the reply is lost after the commit.'),
  }),
  outcomes(effect, ctx) {
    if (effect.then === 'timeout') return [{ kind: 'commit-then', action: { kind: 'hang' } }];
    if (effect.then === 'reset') return [{ kind: 'commit-then', action: { kind: 'reset' } }];
    const page = edgePage(502, 'cloudflare', ctx.rayId(), ctx.host);
    return [{ kind: 'commit-then', action: { kind: 'respond', status: 502, headers: page.headers, body: page.body } }];
  },
} satisfies FaultKind<'ambiguous'>;
