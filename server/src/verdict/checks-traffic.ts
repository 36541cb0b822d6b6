import { faultError } from '../api/error-words.js';
import { parseDuration } from '../clock/duration.js';
import type { JournalEntry } from '../control/journal.js';
import type { NeutralError } from '../exchange/neutral-errors.js';
import { at, fail, notApplicable, pass, secs, some, type CheckContext, type Finding } from './check.js';
import { clientOf, failed, isRequest, peak } from './phases.js';

const ms = (d: string): number => parseDuration(d) as number;

/** The phases a `during` option selects. */
function during(ctx: CheckContext, sel: 'outage' | 'all' | string[]) {
  return ctx.spans.filter((p) => (sel === 'all' ? true : sel === 'outage' ? !p.calm : sel.includes(p.name)));
}

/** No window of `window` inside the selected phases holds more than `perSecond` × window requests. */
export function maxRequestRate(o: { perSecond: number; window: string; during: 'outage' | 'all' | string[] }, ctx: CheckContext): Finding {
  const spans = during(ctx, o.during);
  if (spans.length === 0) return notApplicable(`no ${Array.isArray(o.during) ? o.during.join('/') : o.during} phase in the run`);
  const windowMs = ms(o.window);
  let worst = { rate: 0, at: 0, phase: '' };
  for (const p of spans) {
    const inside = ctx.entries.filter((e) => isRequest(e) && e.time >= p.start && e.time < p.end);
    const top = peak(inside, windowMs);
    const rate = top.count / (windowMs / 1000);
    if (rate > worst.rate) worst = { rate, at: top.at, phase: p.name };
  }
  const line = `peak ${worst.rate.toFixed(2)} requests/s over ${o.window}${worst.phase ? ` at ${at(ctx, worst.at)} (phase "${worst.phase}")` : ''}; limit ${o.perSecond}/s`;
  return worst.rate > o.perSecond ? fail(line) : pass(line);
}

/** Runs of consecutive failed requests from one client, oldest first. */
function streaks(entries: readonly JournalEntry[], min: number): JournalEntry[][] {
  const byClient = new Map<string, JournalEntry[]>();
  for (const e of entries) if (isRequest(e) && e.transport === 'rest') byClient.set(clientOf(e), [...(byClient.get(clientOf(e)) ?? []), e]);
  const out: JournalEntry[][] = [];
  for (const list of byClient.values()) {
    let run: JournalEntry[] = [];
    for (const e of list) {
      if (failed(e)) run.push(e);
      else {
        if (run.length >= min) out.push(run);
        run = [];
      }
    }
    if (run.length >= min) out.push(run);
  }
  return out;
}

/**
 * After `after` failures in a row, each further gap is at least half of first-gap × growth^k
 * (capped): exponential backoff, with room for up to 50 % jitter. `jitter` also refuses gaps that
 * are exact multiples of each other.
 */
export function backoff(o: { after: number; growth: number; cap: string; jitter: boolean }, ctx: CheckContext): Finding {
  const runs = streaks(ctx.entries, o.after + 1);
  if (runs.length === 0) return notApplicable(`never ${o.after + 1} failed requests in a row`);
  const cap = ms(o.cap);
  const bad: string[] = [];
  for (const run of runs) {
    const gaps = run.slice(o.after - 1).map((e, i, a) => (i === 0 ? 0 : e.time - a[i - 1]!.time)).slice(1);
    const base = Math.max(gaps[0] ?? 0, 1);
    const short = gaps.findIndex((g, k) => g < 0.5 * Math.min(cap, base * o.growth ** k));
    if (short >= 0) {
      bad.push(`${run.length} failures in a row from ${at(ctx, run[0]!.time)}: gaps ${gaps.slice(0, 6).map(secs).join(' ')}${gaps.length > 6 ? ' …' : ''} (gap ${short + 1} should be ≥ ${secs(0.5 * Math.min(cap, base * o.growth ** short))})`);
    } else if (o.jitter && gaps.length >= 4 && gaps.slice(1).every((g, k) => Math.abs(g / gaps[k]! - gaps[1]! / gaps[0]!) < 0.01)) {
      bad.push(`${run.length} failures in a row from ${at(ctx, run[0]!.time)}: gaps grow by an exact factor (${gaps.slice(0, 4).map(secs).join(' ')}), no jitter`);
    }
  }
  return bad.length ? fail(...some(bad)) : pass(`${runs.length} run(s) of failures, each backed off (longest ${Math.max(...runs.map((r) => r.length))})`);
}

/** After a reply with Retry-After, the same client sends nothing until it has passed. */
export function retryAfter(_o: unknown, ctx: CheckContext): Finding {
  const told = ctx.entries.filter((e) => e.retryAfterMs !== undefined);
  if (told.length === 0) return notApplicable('no reply carried Retry-After');
  const bad: string[] = [];
  for (const e of told) {
    const until = e.time + e.latencyMs + e.retryAfterMs!;
    const early = ctx.entries.find((x) => x.seq > e.seq && isRequest(x) && clientOf(x) === clientOf(e) && x.transport === 'rest' && x.time < until);
    if (early) bad.push(`told at ${at(ctx, e.time + e.latencyMs)} to wait ${secs(e.retryAfterMs!)}, called ${early.route} at ${at(ctx, early.time)}`);
  }
  return bad.length ? fail(...some(bad)) : pass(`${told.length} Retry-After(s) honoured`);
}

/** The neutral errors that mean a limit punished the client. */
const PUNISHED: ReadonlySet<NeutralError> = new Set(['rate-limited', 'locked-out']);

/** The neutral error an entry stood for: its `problem`, else its error text's meaning in any dialect (entries journaled without one). */
const problemOf = (e: JournalEntry): NeutralError | undefined => e.problem ?? (e.error !== undefined ? faultError(e.error).problem : undefined);

/** Never punished by a limit: no lockout, rate-limit error or IP ban (a neutral `rate-limited`/`locked-out`, or 403/418/429 no fault scripted). */
export function noLockout(_o: unknown, ctx: CheckContext): Finding {
  const hits = ctx.entries.filter((e) => {
    const p = problemOf(e);
    return (p !== undefined && PUNISHED.has(p)) || (e.faults.length === 0 && (e.status === 403 || e.status === 418 || e.status === 429));
  });
  if (hits.length === 0) return pass('no rate-limit error, lockout or ban');
  return fail(...some(hits.map((e) => `${at(ctx, e.time)} ${e.route}: ${e.error ?? `HTTP ${e.status}`}`)));
}

/** WebSocket connection attempts stay under `perMinute` in any minute. */
export function reconnects(o: { perMinute: number }, ctx: CheckContext): Finding {
  const attempts = ctx.entries.filter((e) => e.route.startsWith('ws:connect'));
  if (attempts.length === 0) return notApplicable('no WebSocket connection attempts');
  const top = peak(attempts, 60_000);
  const line = `${attempts.length} connection attempt(s); peak ${top.count} in a minute (at ${at(ctx, top.at)}); limit ${o.perMinute}`;
  return top.count > o.perMinute ? fail(line) : pass(line);
}
