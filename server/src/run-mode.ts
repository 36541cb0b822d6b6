import { join } from 'node:path';
import type { Clock } from './clock/clock.js';
import { formatDuration } from './clock/duration.js';
import type { ScenarioInput } from './scenario/schema.js';
import { startExchange, type RunningExchange } from './app.js';
import { auditExchange } from './control/audit.js';
import { verdictJUnit, verdictText } from './verdict/report.js';
import { runLength } from './verdict/phases.js';
import { judge, type Verdict } from './verdict/verdict.js';

export { RUN_TAIL_MS, runLength } from './verdict/phases.js';

/** What `chaos-exchange run` was asked to do. */
export interface RunOptions {
  /** Built-in name, YAML path, or a scenario object. */
  scenario: string | ScenarioInput;
  seed: string | number | undefined;
  /** Simulated time runs this many times faster than real time. */
  speed: number;
  /** Directory for verdict.json, verdict.txt and junit.xml. */
  report: string;
  /** Simulated ms to run; default: the timeline to its end (one cycle of a loop), plus `tail`. */
  duration: number | undefined;
  /** The bot: a program and its arguments. */
  command: string[];
}

/** A running bot: when it ends, and how to stop it. */
export interface BotProcess {
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): void;
}

/** The outside world `run` needs, injected so it can be tested on a manual clock with an in-process bot. */
export interface RunIo {
  spawnBot(command: string[], env: Record<string, string>): BotProcess;
  /** Progress and the report text. */
  out(text: string): void;
  /** A live progress line (replaced in place on a terminal). */
  progress(line: string): void;
  writeFile(path: string, text: string): Promise<void>;
  /** The clock to run on (default: the real clock at `speed`). */
  clock?: Clock;
  /** Called once the exchange listens, before the bot starts (lets an in-process driver watch it). */
  onStart?(exchange: RunningExchange): void;
}

/** Exit codes of `chaos-exchange run`. */
export const RUN_EXIT = { passed: 0, failed: 1, usage: 2, botCrashed: 3, auditFailed: 4 } as const;


/**
 * Plays a scenario against a bot: starts the exchange on a free port, runs the bot with the
 * CHAOS_EXCHANGE_* variables, shows progress, stops at the scenario's end (or when the bot exits),
 * judges the bot's conduct and writes the report. Resolves with the exit code.
 */
export async function runScenario(o: RunOptions, io: RunIo): Promise<number> {
  const ex = await startExchange({ scenario: o.scenario, seed: o.seed, speed: o.speed, port: 0, clock: io.clock ?? 'system' });
  io.onStart?.(ex);
  const start = ex.engine.startTime;
  const end = start + (o.duration ?? runLength(ex.engine));
  const account = ex.accounts[0]!;
  const bot = io.spawnBot(o.command, {
    CHAOS_EXCHANGE_URL: ex.url, CHAOS_EXCHANGE_WS_URL: ex.url.replace('http', 'ws'), CHAOS_EXCHANGE_API_KEY: account.key,
    CHAOS_EXCHANGE_API_SECRET: account.secret, CHAOS_EXCHANGE_STATUS_URL: `${ex.url}/api/v2/status.json`,
  });
  io.out(`chaos-exchange run: "${ex.scenario.name}" for ${formatDuration(end - start)} of scenario time at ${o.speed}x on ${ex.url}\n`);
  const clock = ex.clock;
  let ticker: { cancel(): void } | undefined;
  const tick = (): void => {
    const now = clock.now();
    const l = ex.engine.locate(now);
    const rate = ex.journal.countSince(now - 10_000) / 10;
    io.progress(`phase ${l.phase.label} · ${formatDuration(Math.max(0, end - now))} left · bot ${rate.toFixed(1)} req/s`);
    ticker = clock.schedule(now + Math.max(1_000, o.speed * 1_000), tick);
  };
  tick();
  const reached = new Promise<'end'>((resolve) => clock.schedule(end, () => resolve('end')));
  const first = await Promise.race([reached, bot.exited.then((x) => ({ exited: x }))]);
  ticker?.cancel();
  const crashed = first !== 'end' && (first.exited.code !== 0 || first.exited.signal !== null);
  if (first === 'end') bot.stop();
  const to = Math.min(clock.now(), end);
  // The exchange's own books are checked too: a money audit problem is a chaos-exchange bug, never the bot's.
  const verdict: Verdict = { ...judge(ex.scenario, ex.engine, ex.exchange, ex.journal, start, to), audit: auditExchange(ex.exchange) };
  await writeReport(o.report, verdict, io);
  if (first !== 'end') {
    const how = first.exited.signal ? `was killed by ${first.exited.signal}` : `exited with code ${first.exited.code}`;
    io.out(`chaos-exchange run: the bot ${how} at ${formatDuration(to - start)} into the scenario${crashed ? ' (a crash)' : ''}\n`);
  }
  await ex.close();
  if (verdict.audit?.length) return RUN_EXIT.auditFailed;
  return crashed ? RUN_EXIT.botCrashed : verdict.passed ? RUN_EXIT.passed : RUN_EXIT.failed;
}

async function writeReport(dir: string, v: Verdict, io: RunIo): Promise<void> {
  const text = verdictText(v);
  await io.writeFile(join(dir, 'verdict.json'), `${JSON.stringify(v, null, 2)}\n`);
  await io.writeFile(join(dir, 'verdict.txt'), text);
  await io.writeFile(join(dir, 'junit.xml'), verdictJUnit(v));
  io.out(text);
  io.out(`report: ${join(dir, 'verdict.json')}, verdict.txt, junit.xml\n`);
}
