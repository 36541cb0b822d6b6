import { join } from 'node:path';
import { githubAnnotations, verdictMarkdown } from '../verdict/summary.js';
import { verdictJUnit } from '../verdict/junit.js';
import { verdictText } from '../verdict/report.js';
import type { Verdict } from '../verdict/verdict.js';

/** Where a verdict's files go and what else they feed (the CI job's summary and annotations). */
export interface ReportTarget {
  /** Directory for verdict.json, verdict.txt, junit.xml and summary.md. */
  dir: string;
  /** GitHub Actions: append the Markdown summary to `stepSummary`; print failures as `::error::` lines when `annotations`. */
  github?: { stepSummary?: string | undefined; annotations: boolean } | undefined;
}

/** The outside world a report is written to. */
export interface ReportIo {
  out(text: string): void;
  writeFile(path: string, text: string): Promise<void>;
  appendFile?(path: string, text: string): Promise<void>;
}

/** Writes a verdict as `run` and `serve --report` leave it (verdict.json, verdict.txt, junit.xml, summary.md), then prints it and where it went. */
export async function writeReport(target: ReportTarget, v: Verdict, io: ReportIo): Promise<void> {
  const { dir, github } = target;
  const text = verdictText(v);
  const markdown = verdictMarkdown(v);
  await io.writeFile(join(dir, 'verdict.json'), `${JSON.stringify(v, null, 2)}\n`);
  await io.writeFile(join(dir, 'verdict.txt'), text);
  await io.writeFile(join(dir, 'junit.xml'), verdictJUnit(v));
  await io.writeFile(join(dir, 'summary.md'), markdown);
  if (github?.stepSummary && io.appendFile) await io.appendFile(github.stepSummary, markdown);
  io.out(text);
  if (github?.annotations) io.out(githubAnnotations(v));
  io.out(`report: ${join(dir, 'verdict.json')}, verdict.txt, junit.xml, summary.md · exit ${v.exitCode} (${v.outcome})\n`);
}
