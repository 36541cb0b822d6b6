import { botSentence } from './report.js';
import type { Verdict } from './verdict.js';

const xml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`);

/** One JUnit test case: its outcome element, if any, and its time in seconds. */
interface Case {
  name: string;
  time: number;
  body: string;
  failed: boolean;
  error: boolean;
  skipped: boolean;
}

const passing = (name: string, time: number, out: string[]): Case => ({ name, time, body: `<system-out>${xml(out.join('\n'))}</system-out>`, failed: false, error: false, skipped: false });
const failing = (name: string, time: number, message: string, detail: string[]): Case => ({ name, time, body: `<failure message="${xml(message)}">${xml(detail.join('\n'))}</failure>`, failed: true, error: false, skipped: false });
const skipped = (name: string, message: string): Case => ({ name, time: 0, body: `<skipped message="${xml(message)}"/>`, failed: false, error: false, skipped: true });

/** The cases a run adds beside the checks: the bot's end, whether the run was conclusive, the exchange's own audit. */
function runCases(v: Verdict, wall: number): Case[] {
  const out: Case[] = [];
  if (v.bot) {
    const name = 'bot: runs through the scenario without crashing';
    out.push(v.bot.how === 'crashed' ? failing(name, wall, botSentence(v.bot), [botSentence(v.bot), 'last lines of stderr:', ...v.bot.stderrTail]) : passing(name, wall, [botSentence(v.bot)]));
  }
  if (v.inconclusive !== undefined) {
    const name = 'run: conclusive (the bot was put to the test)';
    if (v.inconclusive.length === 0) out.push(passing(name, 0, ['at least one check applied to requests the bot sent']));
    else if (v.passed) out.push(skipped(name, `${v.inconclusive.join('; ')} (allowed by --allow-inconclusive)`));
    else out.push(failing(name, 0, v.inconclusive.join('; '), v.inconclusive));
  }
  if (v.audit && v.outcome !== undefined) {
    const name = 'exchange: money audit (chaos-exchange\'s own books)';
    out.push(v.audit.length === 0 ? passing(name, 0, ['every balance explained by its ledger'])
      : { name, time: 0, body: `<error message="${xml(`chaos-exchange bug: ${v.audit[0]}`)}">${xml(v.audit.join('\n'))}</error>`, failed: false, error: true, skipped: false });
  }
  return out;
}

/** The run's facts as JUnit properties (scenario, hash, seed, speed, clock, version, bot command and end, durations). */
function properties(v: Verdict): string[] {
  const r = v.run;
  if (!r) return [];
  const props: [string, string][] = [
    ['mode', r.mode], ['scenario', r.scenario.name], ['scenario.source', r.scenario.source], ['scenario.sha256', r.scenario.sha256], ['seed', r.seed],
    ['speed', String(r.speed)], ['clock', r.clock], ['chaos-exchange.version', r.version], ['bot.command', r.command.join(' ')],
    ['bot.end', v.bot ? botSentence(v.bot) : ''], ['bot.timeWarp', `${r.timeWarp.how}: ${r.timeWarp.note}`],
    ['duration.wallSeconds', (r.wallMs / 1000).toFixed(3)], ['duration.simulatedSeconds', (r.simulatedMs / 1000).toFixed(3)],
    ['outcome', v.outcome ?? ''], ['exitCode', String(v.exitCode ?? '')],
  ];
  return ['    <properties>', ...props.map(([k, val]) => `      <property name="${xml(k)}" value="${xml(val)}"/>`), '    </properties>'];
}

/**
 * The verdict as JUnit XML for CI test reports: for a run, the bot's end, whether the run was
 * conclusive and the exchange's audit as test cases, then one case per check (n/a = skipped),
 * with `time` attributes and the run's facts as properties.
 */
export function verdictJUnit(v: Verdict): string {
  const wall = (v.run?.wallMs ?? 0) / 1000;
  const cases = [
    ...runCases(v, wall),
    ...v.checks.map((c): Case => {
      const name = `${c.id}: ${c.title}`;
      return c.status === 'fail' ? failing(name, 0, c.evidence[0] ?? c.title, c.evidence) : c.status === 'n/a' ? skipped(name, c.evidence[0] ?? 'not applicable') : passing(name, 0, c.evidence);
    }),
  ];
  const count = (k: 'failed' | 'error' | 'skipped') => cases.filter((c) => c[k]).length;
  const totals = `tests="${cases.length}" failures="${count('failed')}" errors="${count('error')}" skipped="${count('skipped')}" time="${wall.toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chaos-exchange" ${totals}>`,
    `  <testsuite name="${xml(v.scenario)}" ${totals} timestamp="${v.start}">`,
    ...properties(v),
    ...cases.map((c) => `    <testcase classname="chaos-exchange.${xml(v.scenario)}" name="${xml(c.name)}" time="${c.time.toFixed(3)}">${c.body}</testcase>`),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
