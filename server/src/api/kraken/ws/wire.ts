/** RFC 3339 with microseconds, as Kraken's v2 timestamps (`2023-09-25T09:04:31.742599Z`). */
export const iso = (ms: number): string => {
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  return new Date(whole).toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`);
};

/** Kraken's connection id: an unsigned 64-bit number (beyond JS safe integers, written as JSON digits). */
export const connectionId = (rng: { nextUint32(): number }): bigint => BigInt(rng.nextUint32()) * 4294967296n + BigInt(rng.nextUint32());

/** A client message parsed as a JSON object, or undefined when it is not one. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
