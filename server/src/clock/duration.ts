const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** What `parseDuration` accepts, as a regular expression source (the JSON Schema's `pattern` too): numbers with units, no spaces between. */
export const DURATION_PATTERN = '^\\s*(\\d+(\\.\\d+)?(ms|s|m|h|d))+\\s*$';
const DURATION_RE = new RegExp(DURATION_PATTERN);

/**
 * Parses a duration such as `800ms`, `2m`, `1h30m` or `1.5s` into milliseconds; returns undefined
 * when the text is not a duration (callers turn that into a positioned error).
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  const trimmed = text.trim();
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(match[1]) * (UNITS[match[2] as string] as number);
  }
  return Math.round(total);
}

/** Formats milliseconds the way scenarios write them (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
