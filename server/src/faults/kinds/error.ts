import * as z from 'zod';
import type { FaultKind } from './kind.js';

/** A Kraken envelope error on HTTP 200: `{"error":["EService:Unavailable"]}` (any string). */
export const errorFault = {
  schema: z.strictObject({
    kind: z.literal('error'),
    error: z.string().regex(/^[EW][A-Za-z]+:.+/, 'expected a Kraken error string such as "EService:Unavailable"').default('EService:Unavailable'),
  }),
  outcomes(effect) {
    return [{ kind: 'replace', action: { kind: 'respond', status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: [effect.error] }) } }];
  },
} satisfies FaultKind<'error'>;
