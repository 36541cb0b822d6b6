import * as z from 'zod';
import type { FaultKind } from './kind.js';

/**
 * An API error instead of the reply. Kraken: its envelope on HTTP 200, `{"error":["EService:Unavailable"]}`
 * (any Kraken string). Other dialects render it their way (the target's `renderError`): Binance takes
 * a code such as "-1003" (or "-1003: message") literally and turns a Kraken string into its -1001.
 */
export const errorFault = {
  schema: z.strictObject({
    kind: z.literal('error'),
    error: z.string().regex(/^([EW][A-Za-z]+:.+|-\d{1,5}(: ?.+)?)$/, 'expected a Kraken error string such as "EService:Unavailable" or a Binance code such as "-1001"')
      .default('EService:Unavailable'),
  }),
  outcomes(effect, ctx) {
    if (ctx.renderError) return [{ kind: 'replace', action: { kind: 'respond', ...ctx.renderError(effect.error) } }];
    return [{ kind: 'replace', action: { kind: 'respond', status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: [effect.error] }) } }];
  },
} satisfies FaultKind<'error'>;
