import type { CheckResult } from './verdict.js';

/** Exit codes of `chaos-exchange run`, one per way a run can end (documented in the README's CI section). */
export const RUN_EXIT = {
  /** Every check passed (or the run was inconclusive and `--allow-inconclusive` was given). */
  passed: 0,
  /** At least one check failed. */
  failed: 1,
  /** Bad command line or scenario: nothing was run. */
  usage: 2,
  /** The bot exited non-zero or was killed by a signal before the scenario ended. */
  botCrashed: 3,
  /** chaos-exchange's own money audit found a problem (a chaos-exchange bug, whatever the bot did). */
  auditFailed: 4,
  /** Nothing was put to the test: the bot sent no request, or every declared check was n/a. */
  inconclusive: 5,
  /** chaos-exchange itself failed (an error it did not expect, e.g. it could not listen): no verdict. */
  internal: 70,
} as const;

/** How a run ended as a whole: the verdict's headline. */
export type RunOutcome = 'passed' | 'failed' | 'crashed' | 'inconclusive' | 'audit-failed' | 'interrupted';

/**
 * How the bot ended: `stopped` at the end of the run by SIGTERM, `killed` by SIGKILL after
 * ignoring SIGTERM for the grace period, `exited` on its own with code 0 before the end, or
 * `crashed` (on its own, non-zero or by a signal, before the end).
 */
export interface BotEnd {
  command: string[];
  how: 'stopped' | 'killed' | 'exited' | 'crashed';
  code: number | null;
  signal: string | null;
  /** Simulated time it ended (ISO), and simulated ms from the start of the run. */
  at: string;
  afterMs: number;
  /** Its last lines of stderr (at most 20), for a crash's post-mortem. */
  stderrTail: string[];
}

/** What CI needs to know about how a run was made, to reproduce or compare it. */
export interface RunInfo {
  /** `run`: a bot process played the scenario; `serve`: no bot process, every client the server saw was judged, up to `signal`. */
  mode: 'run' | 'serve';
  /** `serve` only: the signal that ended it (SIGTERM, SIGINT). */
  signal?: string | undefined;
  scenario: { name: string; source: string; sha256: string };
  seed: string;
  speed: number;
  clock: 'system' | 'manual';
  version: string;
  command: string[];
  /** Real ms the run took, and simulated ms it covered. */
  wallMs: number;
  simulatedMs: number;
  /** How the bot's own clock was made to follow the exchange's (see the README on `--speed`). */
  timeWarp: { how: string; note: string };
}

/** What decides a run's outcome besides its checks. */
export interface RunFacts {
  checks: readonly CheckResult[];
  /** Requests the bot sent during the run. */
  requests: number;
  /** How the bot ended; none under `serve`, which starts no bot. */
  bot?: BotEnd | undefined;
  audit: readonly string[];
  allowInconclusive: boolean;
  /** The signal that interrupted `run` itself, if one did. */
  interrupted?: string | undefined;
}

/** Why nothing was put to the test, if so: no request, no check declared, or every check n/a. */
export function inconclusiveReasons(f: Pick<RunFacts, 'checks' | 'requests'>): string[] {
  const reasons: string[] = [];
  if (f.requests === 0) reasons.push('the bot sent no request to the exchange');
  if (f.checks.length === 0) reasons.push('the scenario declares no checks (`expect`): there is nothing to judge');
  else if (f.checks.every((c) => c.status === 'n/a')) reasons.push('every check the scenario declares was n/a: none of them was put to the test');
  return reasons;
}

/** Signal numbers for the exit code of an interrupted run (128 + n, as shells report it). */
const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * The run's outcome and exit code. The exchange's own audit comes first (a chaos-exchange bug
 * voids the run), then an interruption of `run` itself, a crash, a failed check, and last an
 * inconclusive run (which passes only when allowed).
 */
export function conclude(f: RunFacts): { outcome: RunOutcome; exitCode: number; passed: boolean; inconclusive: string[] } {
  const inconclusive = inconclusiveReasons(f);
  const pick = (outcome: RunOutcome, exitCode: number, passed = false) => ({ outcome, exitCode, passed, inconclusive });
  if (f.audit.length > 0) return pick('audit-failed', RUN_EXIT.auditFailed);
  if (f.interrupted !== undefined) return pick('interrupted', 128 + (SIGNALS[f.interrupted] ?? 0));
  if (f.bot?.how === 'crashed') return pick('crashed', RUN_EXIT.botCrashed);
  if (f.checks.some((c) => c.status === 'fail')) return pick('failed', RUN_EXIT.failed);
  if (inconclusive.length > 0) return f.allowInconclusive ? pick('inconclusive', RUN_EXIT.passed, true) : pick('inconclusive', RUN_EXIT.inconclusive);
  return pick('passed', RUN_EXIT.passed, true);
}
