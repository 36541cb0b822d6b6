import type { ErrorRenderer } from '../../../faults/kinds/kind.js';

/** Binance's texts for the codes an outage answers with (reference §5); other codes need their message in the rule. */
const TEXTS: Readonly<Record<number, string>> = {
  [-1000]: 'An unknown error occurred while processing the request.',
  [-1001]: 'Internal error; unable to process your request. Please try again.',
  [-1003]: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.',
  [-1006]: 'An unexpected response was received from the message bus. Execution status unknown.',
  [-1007]: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
  [-1008]: 'Server is currently overloaded with other requests. Please try again in a few minutes.',
  [-1015]: 'Too many new orders.',
  [-1016]: 'This service is no longer available.',
};

/** The HTTP status Binance sends a code with: 429 for the rate limits, 503 for the -100x server codes and -1016 (as observed), else 400. */
const statusOf = (code: number): number => (code === -1003 || code === -1015 ? 429 : code >= -1016 && code <= -1000 && code !== -1013 ? 503 : 400);

/**
 * How Binance answers an `error` fault: a rule's Binance code ("-1008", or "-1008: own text") is
 * taken literally (its known text when none is given); anything else, Kraken's strings included
 * (the kind's default is `EService:Unavailable`), is -1001 on HTTP 503, Binance's "backend
 * unreachable, not executed". CHOICE (the reference is silent): neutral error names come later.
 */
export const binanceFaultError: ErrorRenderer = (error) => {
  const m = /^(-\d{1,5})(?:: ?(.+))?$/.exec(error);
  const code = m ? Number(m[1]) : -1001;
  const msg = m?.[2] ?? TEXTS[code] ?? TEXTS[-1001]!;
  return { status: statusOf(code), headers: { 'content-type': 'application/json;charset=UTF-8' }, body: JSON.stringify({ code, msg }) };
};
