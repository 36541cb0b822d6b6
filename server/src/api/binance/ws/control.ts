/** A control message's answer: `{result,id}` or an error `{code,msg,id}` (Binance's wording, §6.2). */
export type ControlReply = { result: unknown; id: unknown } | { code: number; msg: string; id?: unknown };

/** The methods a market-stream connection accepts. */
export const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'] as const;
/** One of METHODS. */
export type Method = (typeof METHODS)[number];

/** A well-formed control message. */
export interface Control {
  method: Method;
  params: unknown[];
  id: unknown;
}

const invalid = (what: string, id?: unknown): ControlReply => ({ code: 2, msg: `Invalid request: ${what}`, ...(id === undefined ? {} : { id }) });

/** `id` may be an int64, an alphanumeric string of at most 36 characters, or null (§6.2). */
const validId = (id: unknown): boolean =>
  id === null || (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(id));

/**
 * Reads one text frame as a control message, or the error reply Binance gives. UNCONFIRMED details
 * (the reference quotes serde's texts but not every case): invalid JSON always reports line 1 and
 * the column JSON.parse gives (else 1); a bad `id` or a non-list `params` is a code 2 naming the field.
 */
export function readControl(text: string): Control | ControlReply {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec(String(err))?.[1];
    return { code: 3, msg: `Invalid JSON: expected value at line 1 column ${at === undefined ? 1 : Number(at) + 1}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return invalid('expected a map');
  const o = v as Record<string, unknown>;
  const id = o.id ?? null;
  if (!validId(id)) return invalid('invalid `id`');
  if (o.method === undefined) return invalid('missing field `method`', id);
  if (typeof o.method !== 'string' || !(METHODS as readonly string[]).includes(o.method)) {
    return invalid(`unknown variant \`${String(o.method)}\`, expected one of ${METHODS.map((m) => `\`${m}\``).join(', ')}`, id);
  }
  const params = o.params ?? [];
  if (!Array.isArray(params)) return invalid('invalid type: expected a sequence for `params`', id);
  return { method: o.method as Method, params, id };
}
