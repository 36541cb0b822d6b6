/** RFC 3339 with microseconds, as Kraken's v2 timestamps (`2023-09-25T09:04:31.742599Z`). */
export const iso = (ms: number): string => {
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  return new Date(whole).toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`);
};

/** Kraken's connection id: an unsigned 64-bit number (beyond JS safe integers, written as JSON digits). */
export const connectionId = (rng: { nextUint32(): number }): bigint => BigInt(rng.nextUint32()) * 4294967296n + BigInt(rng.nextUint32());

/**
 * How deeply arrays and objects may nest in a client message (the top-level object is depth 1).
 * Kraken's requests need 5; a deeper one is refused as malformed, since the handlers (String(),
 * JSON echoes) would otherwise recurse through it and overflow the stack.
 */
export const MAX_MESSAGE_DEPTH = 32;

/** Whether a parsed message nests arrays and objects deeper than MAX_MESSAGE_DEPTH (checked without recursion). */
export function nestsTooDeep(value: unknown, limit = MAX_MESSAGE_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (!v || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A client value as text, for parsing or an error message: a string as sent, anything else as JSON (String() throws on `{"toString":1}`). */
export const textOf = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

/** A client message parsed as a JSON object, or undefined when it is not one. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
