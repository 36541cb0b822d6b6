import type { JournalEntry } from '../control/journal.js';
import type { Exchange } from '../exchange/exchange.js';
import type { PhaseSpan } from './phases.js';

/** What every check sees: the client's journal entries (time order), the phases lived, the run window and the exchange. */
export interface CheckContext {
  entries: readonly JournalEntry[];
  spans: readonly PhaseSpan[];
  start: number;
  end: number;
  exchange: Exchange;
}

/** A check's finding: pass, fail, or not applicable (the run never gave it a chance), with evidence either way. */
export interface Finding {
  status: 'pass' | 'fail' | 'n/a';
  evidence: string[];
}

/** `t+h:mm:ss.mmm` from the start of the run: how the report names moments. */
export function at(ctx: CheckContext, time: number): string {
  const ms = Math.max(0, time - ctx.start);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `t+${h}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

/** Seconds with up to three decimals, for gaps and windows. */
export const secs = (ms: number): string => `${Number((ms / 1000).toFixed(3))}s`;

/** Evidence lists are kept short: the first few items and how many more there were. */
export function some(items: string[], max = 5): string[] {
  return items.length <= max ? items : [...items.slice(0, max), `… and ${items.length - max} more`];
}

export const pass = (...evidence: string[]): Finding => ({ status: 'pass', evidence });
export const fail = (...evidence: string[]): Finding => ({ status: 'fail', evidence });
export const notApplicable = (why: string): Finding => ({ status: 'n/a', evidence: [why] });
