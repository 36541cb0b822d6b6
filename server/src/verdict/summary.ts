import { formatDuration } from '../clock/duration.js';
import { botSentence, headline, servedSentence } from './report.js';
import type { Verdict } from './verdict.js';

const ICON = { pass: '✅', fail: '❌', 'n/a': '➖' } as const;

/** Text for a Markdown table cell: no pipe or line break can break the table. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

/** The verdict as a short Markdown summary (for a CI job's summary page): outcome, bot, checks, run facts. */
export function verdictMarkdown(v: Verdict): string {
  const ok = v.passed && v.outcome !== 'inconclusive';
  const lines = [`### ${ok ? '✅' : v.passed ? '⚠️' : '❌'} chaos-exchange: \`${v.scenario}\` — ${headline(v)}`, ''];
  for (const why of v.inconclusive ?? []) lines.push(`- **Inconclusive:** ${why}`);
  if (v.run?.mode === 'serve') lines.push(`- **Bot:** none — ${servedSentence(v.run.signal)}`);
  if (v.bot) lines.push(`- **Bot:** \`${v.bot.command.join(' ')}\` — ${botSentence(v.bot)}`);
  if (v.audit?.length) lines.push(`- **chaos-exchange's own books are wrong** (a bug to report): ${v.audit.slice(0, 3).join('; ')}`);
  if (v.bot?.how === 'crashed' && v.bot.stderrTail.length > 0) lines.push('', '<details><summary>last lines of the bot\'s stderr</summary>', '', '```', ...v.bot.stderrTail, '```', '</details>');
  lines.push('', '| | check | evidence |', '|---|---|---|');
  for (const c of v.checks) lines.push(`| ${ICON[c.status]} | ${cell(`${c.id}: ${c.title}`)} | ${cell(c.evidence.join('\n'))} |`);
  if (v.checks.length === 0) lines.push('| ➖ | (the scenario declares no checks) | |');
  const r = v.run;
  if (r) {
    lines.push('', `seed \`${r.seed}\` · speed ${r.speed}x · ${r.clock} clock · ${formatDuration(r.simulatedMs)} simulated in ${(r.wallMs / 1000).toFixed(1)} s · `
      + `bot time: ${r.timeWarp.how} · chaos-exchange ${r.version} · scenario sha256 \`${r.scenario.sha256.slice(0, 12)}\``);
  }
  return `${lines.join('\n')}\n`;
}

/** GitHub Actions escapes workflow-command data this way (%, CR, LF), and property values also `:` and `,`. */
const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error::` workflow commands for what failed (each failed check, a crash, an inconclusive run, the audit), one per line. */
export function githubAnnotations(v: Verdict): string {
  const out: string[] = [];
  const error = (title: string, message: string) => out.push(`::error title=${prop(`chaos-exchange ${v.scenario}: ${title}`)}::${data(message)}`);
  for (const c of v.checks) if (c.status === 'fail') error(c.id, `${c.title}\n${c.evidence.join('\n')}`);
  if (v.bot?.how === 'crashed') error('bot crashed', [botSentence(v.bot), ...v.bot.stderrTail].join('\n'));
  if (v.outcome === 'inconclusive' && !v.passed) error('inconclusive', (v.inconclusive ?? []).join('\n'));
  if (v.audit?.length) error('money audit', v.audit.join('\n'));
  if (v.outcome === 'interrupted') error('interrupted', 'the run was interrupted before its end');
  return out.map((l) => `${l}\n`).join('');
}
