import type { Verdict } from './verdict.js';

const MARK: Record<'pass' | 'fail' | 'n/a', string> = { pass: 'PASS', fail: 'FAIL', 'n/a': 'n/a ' };

/** The verdict for people: one line per check with its evidence indented, then the phases lived. */
export function verdictText(v: Verdict): string {
  const lines = [`chaos-exchange verdict for "${v.scenario}": ${v.passed ? 'PASSED' : 'FAILED'} (${v.start} → ${v.end})`, ''];
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
  return `${lines.join('\n')}\n`;
}

const xml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`);

/** The verdict as JUnit XML: one test case per check (failed, skipped when not applicable), for CI dashboards. */
export function verdictJUnit(v: Verdict): string {
  const failures = v.checks.filter((c) => c.status === 'fail').length;
  const skipped = v.checks.filter((c) => c.status === 'n/a').length;
  const cases = v.checks.map((c) => {
    const body = c.status === 'fail' ? `<failure message="${xml(c.evidence[0] ?? c.title)}">${xml(c.evidence.join('\n'))}</failure>`
      : c.status === 'n/a' ? `<skipped message="${xml(c.evidence[0] ?? 'not applicable')}"/>` : `<system-out>${xml(c.evidence.join('\n'))}</system-out>`;
    return `    <testcase classname="chaos-exchange.${xml(v.scenario)}" name="${xml(`${c.id}: ${c.title}`)}">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chaos-exchange" tests="${v.checks.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="${xml(v.scenario)}" tests="${v.checks.length}" failures="${failures}" skipped="${skipped}" timestamp="${v.start}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
