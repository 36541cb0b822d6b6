import type { ErrorRenderer } from '../../../faults/kinds/kind.js';
import { krakenErrorText } from '../error-words.js';

/** How Kraken answers an `error` fault: its envelope on HTTP 200, `{"error":["EService:Busy"]}`, in Kraken's words (see krakenErrorText). */
export const krakenFaultError: ErrorRenderer = (e) => ({
  status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: [krakenErrorText(e)] }),
});
