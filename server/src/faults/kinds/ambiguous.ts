import * as z from 'zod';
import { edgePage } from '../pages.js';
import { faultError } from '../../api/error-words.js';
import type { FaultKind } from './kind.js';
import { errorTextSchema } from './error.js';

/**
 * Ambiguous commit: the order, cancel or withdrawal IS applied, then the reply is lost (a 502
 * page, no answer at all, or a reset) or replaced by an API error in the served dialect's words
 * (`then: error`, by default `execution-unknown`: Binance's -1007 on 503, Kraken's
 * `EService:Deadline elapsed`). A client that simply retries places a duplicate.
 */
export const ambiguousFault = {
  schema: z.strictObject({
    kind: z.literal('ambiguous'),
    then: z.enum(['502', 'timeout', 'reset', 'error']).default('502').describe('How the reply is lost after the commit.'),
    error: errorTextSchema.optional()
      .describe('With `then: error`: the error replied after the commit (default execution-unknown; a neutral error, a Kraken error string or a Binance code).'),
  }),
  outcomes(effect, ctx) {
    if (effect.then === 'error' && ctx.renderError) {
      return [{ kind: 'commit-then', action: { kind: 'respond', ...ctx.renderError(faultError(effect.error ?? 'execution-unknown'), ctx.now) } }];
    }
    if (effect.then === 'timeout') return [{ kind: 'commit-then', action: { kind: 'hang' } }];
    if (effect.then === 'reset') return [{ kind: 'commit-then', action: { kind: 'reset' } }];
    const page = edgePage(502, 'cloudflare', ctx.rayId(), ctx.host);
    return [{ kind: 'commit-then', action: { kind: 'respond', status: 502, headers: page.headers, body: page.body } }];
  },
} satisfies FaultKind<'ambiguous'>;
