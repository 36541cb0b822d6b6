import * as z from 'zod';
import { faultError } from '../../api/error-words.js';
import { isNeutralError, NEUTRAL_ERROR_NAMES } from '../../exchange/neutral-errors.js';
import { suggest } from '../../scenario/suggest.js';
import type { FaultKind } from './kind.js';

/** A neutral error name (`busy`), a Kraken error string (`EService:Busy`) or a Binance code (`-1008`, `-1008: own text`). */
export const ERROR_TEXT = /^([a-z]+(-[a-z]+)*|[EW][A-Za-z]+:.+|-\d{1,5}(: ?.+)?)$/;

/** A scenario's error text (see ERROR_TEXT); a lowercase word must be a neutral error's name (did-you-mean otherwise). */
export const errorTextSchema = z.string()
  .regex(ERROR_TEXT, 'expected a neutral error such as "unavailable" or "busy", a Kraken error string such as "EService:Unavailable" or a Binance code such as "-1001"')
  .superRefine((v, ctx) => {
    if (!/^[a-z]+(-[a-z]+)*$/.test(v) || isNeutralError(v)) return;
    const near = suggest(v, NEUTRAL_ERROR_NAMES);
    ctx.addIssue({ code: 'custom', message: `"${v}" is no neutral error${near ? ` (did you mean "${near}"?)` : ''}; known: ${NEUTRAL_ERROR_NAMES.join(', ')}` });
  });

/**
 * An API error instead of the reply, in the served dialect's words (the target's `renderError`):
 * a neutral error (`unavailable`, the default; `busy`, `rate-limited`…), or a dialect's literal —
 * served as given by its own dialect, through its neutral meaning by the other (Kraken's
 * `EService:Busy` under Binance is -1008 on 503), else as the served dialect's `unavailable`.
 */
export const errorFault = {
  schema: z.strictObject({
    kind: z.literal('error'),
    error: errorTextSchema.default('unavailable')
      .describe('A neutral error (unavailable, busy, rate-limited…; see docs/scenarios.md), a Kraken error string or a Binance code.'),
  }),
  outcomes(effect, ctx) {
    if (!ctx.renderError) return [];
    return [{ kind: 'replace', action: { kind: 'respond', ...ctx.renderError(faultError(effect.error), ctx.now) } }];
  },
} satisfies FaultKind<'error'>;
