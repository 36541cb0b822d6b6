import { formatDuration } from '../clock/duration.js';
import type { BotEnd, RunOutcome } from './outcome.js';
import type { Verdict } from './verdict.js';

const MARK: Record<'pass' | 'fail' | 'n/a', string> = { pass: 'PASS', fail: 'FAIL', 'n/a': 'n/a ' };

const HEADLINE: Record<RunOutcome, string> = {
  passed: 'PASSED', failed: 'FAILED', crashed: 'FAILED: the bot crashed', inconclusive: 'INCONCLUSIVE',
  'audit-failed': 'VOID: chaos-exchange\'s own books are wrong', interrupted: 'INTERRUPTED',
};

/** The verdict's one-word (or few-word) headline: the run's outcome, or passed/failed for a bare judgement. */
export function headline(v: Verdict): string {
  if (v.outcome === undefined) return v.passed ? 'PASSED' : 'FAILED';
  return v.outcome === 'inconclusive' && v.passed ? 'INCONCLUSIVE (allowed by --allow-inconclusive)' : HEADLINE[v.outcome];
}

/** How the bot ended, in a sentence. */
export function botSentence(b: BotEnd): string {
  const after = formatDuration(b.afterMs);
  switch (b.how) {
    case 'stopped': return `the bot ran to the end of the run (${after}) and stopped on SIGTERM`;
    case 'killed': return `the bot did not stop on SIGTERM at the end of the run (${after}): killed with SIGKILL`;
    case 'exited': return `the bot exited with code 0 at ${after} into the scenario, before its end`;
    case 'crashed': return `the bot ${b.signal ? `was killed by ${b.signal}` : `exited with code ${b.code}`} at ${after} into the scenario (a crash)`;
  }
}

/** What `serve --report` judged, in a sentence: there was no bot process. */
export function servedSentence(signal: string | undefined): string {
  return `served: no bot process; judged on every request the server saw from its start to ${signal ?? 'its end'}`;
}

/** The verdict for people: the outcome, one line per check with its evidence indented, the bot's end, then the phases lived. */
export function verdictText(v: Verdict): string {
  const lines = [`chaos-exchange verdict for "${v.scenario}": ${headline(v)} (${v.start} → ${v.end})`, ''];
  for (const why of v.inconclusive ?? []) lines.push(`  inconclusive: ${why}`);
  if (v.bot) {
    lines.push(`  bot: ${botSentence(v.bot)}`);
    if (v.bot.how === 'crashed' && v.bot.stderrTail.length > 0) lines.push('  its last lines of stderr:', ...v.bot.stderrTail.map((l) => `          ${l}`));
  }
  if (v.run?.mode === 'serve') lines.push(`  ${servedSentence(v.run.signal)}`);
  if (v.inconclusive?.length || v.bot || v.run?.mode === 'serve') lines.push('');
  if (v.checks.length === 0) lines.push('  (the scenario declares no `expect` checks)');
  for (const c of v.checks) {
    lines.push(`  ${MARK[c.status]}  ${c.id}: ${c.title}`);
    for (const e of c.evidence) lines.push(`          ${e}`);
  }
  lines.push('', '  phase                      requests  failed  faulted  peak/s');
  for (const p of v.phases) {
    const name = String(p.label ?? p.name).slice(0, 26).padEnd(26);
    lines.push(`  ${name} ${String(p.requests).padStart(8)} ${String(p.failed).padStart(7)} ${String(p.faulted).padStart(8)} ${String(p.peakPerSecond).padStart(7)}`);
  }
  if (v.audit) {
    lines.push('', v.audit.length === 0 ? '  money audit: every balance explained by its ledger, no order or fill lost' : `  money audit: ${v.audit.length} problem(s) in chaos-exchange's own books (a bug to report):`);
    for (const p of v.audit) lines.push(`          ${p}`);
  }
  if (v.run) lines.push('', `  ${runLine(v)}`);
  return `${lines.join('\n')}\n`;
}

/** How the run was made, on one line (seed, speed, clock, durations, version, scenario hash). */
export function runLine(v: Verdict): string {
  const r = v.run!;
  return `seed ${r.seed} · speed ${r.speed}x · ${r.clock} clock · ${formatDuration(r.simulatedMs)} simulated in ${(r.wallMs / 1000).toFixed(1)}s · `
    + `bot time: ${r.timeWarp.how} · chaos-exchange ${r.version} · scenario sha256 ${r.scenario.sha256.slice(0, 12)}`;
}
