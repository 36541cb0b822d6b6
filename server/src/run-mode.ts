import type { DialectName } from './api/dialects.js';
import type { Clock } from './clock/clock.js';
import { formatDuration } from './clock/duration.js';
import { realNow, wallNow } from './clock/host.js';
import { botWarp } from './warp/bot-warp.js';
import { proxyEnv, routeNodeOptions, writeBundle } from './proxy/bot-env.js';
import type { ScenarioInput } from './scenario/schema.js';
import { servedDialect, startExchange, type RunningExchange } from './app.js';
import { auditExchange } from './control/audit.js';
import type { BotExit, BotProcess } from './run/bot-process.js';
import { scenarioIdentity } from './run/scenario-identity.js';
import { writeReport } from './run/report-files.js';
import { conclude, RUN_EXIT, type BotEnd, type RunInfo } from './verdict/outcome.js';
import { runLength, tooShort } from './verdict/run-length.js';
import { judge, type Verdict } from './verdict/verdict.js';
import { packageVersion } from './scenario/builtin.js';

export { RUN_TAIL_MS, runLength } from './verdict/run-length.js';
export { RUN_EXIT } from './verdict/outcome.js';
export type { BotExit, BotProcess, BotStop } from './run/bot-process.js';

/** What `chaos-exchange run` was asked to do. */
export interface RunOptions {
  /** Built-in name, YAML path, or a scenario object. */
  scenario: string | ScenarioInput;
  /** The exchange served (`--exchange`); undefined: the scenario's `exchange:`, else kraken. */
  exchange?: DialectName | undefined;
  seed: string | number | undefined;
  /** Simulated time runs this many times faster than real time. */
  speed: number;
  /** Directory for verdict.json, verdict.txt, junit.xml and summary.md. */
  report: string;
  /** Simulated ms to run; default: the timeline to its end (one cycle of a loop), plus a tail covering the checks' windows. */
  duration: number | undefined;
  /** The bot: a program and its arguments. */
  command: string[];
  /** Real ms the bot gets between SIGTERM and SIGKILL when it is stopped (default DEFAULT_GRACE_MS). */
  grace?: number | undefined;
  /** An inconclusive run (no request, or every check n/a) passes instead of failing with its own exit code. */
  allowInconclusive?: boolean | undefined;
  /** The transparent proxy tunnels CONNECTs to hosts other than the exchange's instead of refusing them. */
  passthrough?: boolean | undefined;
  /** GitHub Actions: append the Markdown summary to `stepSummary`; print failures as `::error::` lines when `annotations`. */
  github?: { stepSummary?: string | undefined; annotations: boolean } | undefined;
}

/** How the bot's own clock is made to follow the exchange's, and the environment and command that do it. */
export interface TimeWarp {
  env: Record<string, string>;
  command: string[];
  /** A short name of the method (`node-preload`, `faketime`, `none`, …) and what it covers, for the report. */
  how: string;
  note: string;
  /** Said loudly before the run when set (the bot's time will not follow the exchange's). */
  warning?: string | undefined;
}

/** The outside world `run` needs, injected so it can be tested on a manual clock with an in-process bot. */
export interface RunIo {
  spawnBot(command: string[], env: Record<string, string>): BotProcess;
  /** Progress and the report text. */
  out(text: string): void;
  /** A live progress line (replaced in place on a terminal). */
  progress(line: string): void;
  writeFile(path: string, text: string): Promise<void>;
  /** Appends to a file (the CI job summary); default: not written. */
  appendFile?(path: string, text: string): Promise<void>;
  /** The clock to run on (default: the real clock at `speed`). */
  clock?: Clock;
  /** Called once the exchange listens, before the bot starts (lets an in-process driver watch it). */
  onStart?(exchange: RunningExchange): void;
  /** Settles with a signal's name when `run` itself is told to stop (SIGINT, SIGTERM): the run ends there, judged so far. */
  interrupted?: Promise<string>;
  /** How the bot's time is warped to the exchange's (default: botWarp for a bot process on the real clock; nothing on a clock of the caller's). */
  timeWarp?(o: { command: string[]; speed: number; start: number }): TimeWarp;
}

/** Real ms a bot gets to stop after SIGTERM before it is killed. */
export const DEFAULT_GRACE_MS = 5_000;

/** A problem with what `run` was asked, found before the bot starts (exit 2). */
export class RunUsageError extends Error {}

/** On a clock of the caller's, the caller keeps the bot in step with it: nothing to warp. */
const manualWarp = (w: { command: string[] }): TimeWarp => ({ env: {}, command: w.command, how: 'caller', note: 'the bot keeps the time of the clock the caller gave run' });

/** The default warp of a bot process: `botWarp` (a Node preload, or libfaketime), read against the host's wall clock now. */
function processWarp(w: { command: string[]; speed: number; start: number }): TimeWarp {
  const warp = botWarp(w.command, { speed: w.speed, start: w.start, realNow: wallNow() });
  const warning = warp.note.startsWith('WARNING: ') ? warp.note.slice('WARNING: '.length) : undefined;
  return { env: warp.env, command: warp.command, how: warp.how, note: warning ?? warp.note, warning };
}

/**
 * Plays a scenario against a bot: starts the exchange on a free port, runs the bot with the
 * CHAOS_EXCHANGE_* variables (and its time warped to the exchange's), shows progress, stops at the
 * scenario's end (or when the bot exits, or `run` is interrupted), stops the bot and everything it
 * started, judges the run and writes the report. Resolves with the exit code (RUN_EXIT); throws
 * ScenarioError or RunUsageError before anything runs.
 */
export async function runScenario(o: RunOptions, io: RunIo): Promise<number> {
  const began = realNow();
  const ex = await startExchange({ scenario: o.scenario, exchange: o.exchange, seed: o.seed, speed: o.speed, port: 0, clock: io.clock ?? 'system', passthrough: o.passthrough });
  const length = o.duration ?? runLength(ex.engine, ex.scenario.expect);
  const short = o.duration === undefined ? undefined : tooShort(ex.engine, ex.scenario.expect, length);
  if (short !== undefined) {
    await ex.close();
    throw new RunUsageError(`run: ${short}`);
  }
  // Whatever goes wrong from here (a report that cannot be written), the bot is stopped and the exchange closed.
  let bot: BotProcess | undefined;
  try {
    io.onStart?.(ex);
    const start = ex.engine.startTime;
    const end = start + length;
    const started = startBot(o, io, ex, await botProxyEnv(io, ex));
    bot = started.bot;
    const warp = started.warp;
    io.out(`chaos-exchange run: "${ex.scenario.name}" for ${formatDuration(end - start)} of scenario time at ${o.speed}x on ${ex.url}\n`);
    const first = await play(ex, bot, io, end, o.speed);
    const to = Math.min(ex.clock.now(), end);
    if (first.kind === 'signal') io.out(`\nchaos-exchange run: ${first.signal}: stopping the bot and judging the run so far\n`);
    // Whatever ended the run, the bot's whole process group is stopped: nothing it started outlives `run`.
    const grace = o.grace ?? DEFAULT_GRACE_MS;
    const stopped = await bot.stop(grace);
    const exit = await bot.exited;
    const botEnd = endOf(o.command, first.kind === 'exit' ? first.exit : exit, first.kind === 'exit', stopped.killed, start, to, bot.stderrTail());
    if (botEnd.how === 'killed') io.out(`chaos-exchange run: the bot did not stop within ${formatDuration(grace)} of SIGTERM: killed\n`);
    const verdict = await verdictOf(o, ex, { first, bot: botEnd, warp, start, to, wallMs: Math.round(realNow() - began), manual: io.clock !== undefined });
    await writeReport({ dir: o.report, github: o.github }, verdict, io);
    return verdict.exitCode ?? RUN_EXIT.failed;
  } finally {
    await bot?.stop(o.grace ?? DEFAULT_GRACE_MS);
    await ex.close();
  }
}

/** Starts the bot with the CHAOS_EXCHANGE_* variables, its time warped to the exchange's (said before it starts, loudly when it cannot be). */
function startBot(o: RunOptions, io: RunIo, ex: RunningExchange, proxy: Record<string, string>): { bot: BotProcess; warp: TimeWarp } {
  const account = ex.accounts[0]!;
  const warp = (io.timeWarp ?? (io.clock ? manualWarp : processWarp))({ command: o.command, speed: o.speed, start: ex.clock.now() });
  io.out(warp.warning ? `chaos-exchange run: WARNING: ${warp.warning}\n` : `chaos-exchange run: ${warp.note}\n`);
  // Both preloads, when both apply: the route first, then the warp (whose NODE_OPTIONS keeps the inherited ones).
  const nodeOptions = proxy.NODE_OPTIONS !== undefined && warp.env.NODE_OPTIONS !== undefined ? routeNodeOptions(warp.env.NODE_OPTIONS) : undefined;
  const bot = io.spawnBot(warp.command, {
    CHAOS_EXCHANGE_URL: ex.url, CHAOS_EXCHANGE_WS_URL: ex.url.replace('http', 'ws'), CHAOS_EXCHANGE_API_KEY: account.key,
    CHAOS_EXCHANGE_API_SECRET: account.secret, CHAOS_EXCHANGE_STATUS_URL: `${ex.url}/api/v2/status.json`,
    // Which API the URL speaks (`kraken` or `binance`), so one bot can pick its client.
    CHAOS_EXCHANGE_DIALECT: servedDialect({ exchange: o.exchange }, ex.scenario), ...proxy, ...warp.env,
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
  });
  return { bot, warp };
}

/**
 * The transparent proxy's environment for a bot process (HTTPS_PROXY, the CA to trust…), so a bot
 * that dials the served exchange's own hosts reaches this exchange unchanged; none for a bot in process (a
 * clock of the caller's).
 */
async function botProxyEnv(io: RunIo, ex: RunningExchange): Promise<Record<string, string>> {
  if (io.clock) return {};
  const ca = await ex.proxy.ensureCa();
  return proxyEnv({ url: ex.proxy.url, hosts: ex.proxy.hosts, caFile: ca, bundleFile: writeBundle(ca) });
}

/** What ended the run: its end reached, the bot exiting, or a signal to `run` itself. */
type RunEnd = { kind: 'end' } | { kind: 'exit'; exit: BotExit } | { kind: 'signal'; signal: string };

/** Plays the scenario with a live progress line (phase, scenario time left, the bot's request rate) until the run ends. */
async function play(ex: RunningExchange, bot: BotProcess, io: RunIo, end: number, speed: number): Promise<RunEnd> {
  const clock = ex.clock;
  let ticker: { cancel(): void } | undefined;
  const tick = (): void => {
    const now = clock.now();
    const rate = ex.journal.countSince(now - 10_000) / 10;
    io.progress(`phase ${ex.engine.locate(now).phase.label} · ${formatDuration(Math.max(0, end - now))} left · bot ${rate.toFixed(1)} req/s`);
    ticker = clock.schedule(now + Math.max(1_000, speed * 1_000), tick);
  };
  tick();
  const reached = new Promise<RunEnd>((resolve) => clock.schedule(end, () => resolve({ kind: 'end' })));
  const signalled = io.interrupted?.then((signal): RunEnd => ({ kind: 'signal', signal }));
  const first = await Promise.race([reached, bot.exited.then((exit): RunEnd => ({ kind: 'exit', exit })), ...(signalled ? [signalled] : [])]);
  ticker?.cancel();
  return first;
}

/** What `runScenario` learnt while the run went on, for its verdict. */
interface RunRecord {
  first: RunEnd;
  bot: BotEnd;
  warp: TimeWarp;
  start: number;
  to: number;
  wallMs: number;
  manual: boolean;
}

/** Judges the run: the checks, the exchange's own money audit (a problem there is a chaos-exchange bug, never the bot's), the outcome and the run's facts. */
async function verdictOf(o: RunOptions, ex: RunningExchange, r: RunRecord): Promise<Verdict> {
  const judged = { ...judge(ex.scenario, ex.engine, ex.exchange, ex.journal, r.start, r.to), audit: auditExchange(ex.exchange) };
  const requests = judged.phases.reduce((n, p) => n + Number(p.requests), 0);
  const outcome = conclude({
    checks: judged.checks, requests, bot: r.bot, audit: judged.audit, allowInconclusive: o.allowInconclusive ?? false,
    interrupted: r.first.kind === 'signal' ? r.first.signal : undefined,
  });
  return runVerdict(judged, outcome, r.bot, {
    mode: 'run', scenario: await scenarioIdentity(o.scenario, ex.scenario), seed: String(ex.exchange.config.seed), speed: o.speed, clock: r.manual ? 'manual' : 'system',
    version: packageVersion(), command: o.command, wallMs: r.wallMs, simulatedMs: r.to - r.start, timeWarp: { how: r.warp.how, note: r.warp.warning ?? r.warp.note },
  });
}

/** The verdict of a run: the judgement, then the outcome, the bot's end and how the run was made. */
function runVerdict(judged: Verdict, c: ReturnType<typeof conclude>, bot: BotEnd, run: RunInfo): Verdict {
  const { scenario, start, end, checks, phases, audit } = judged;
  return { scenario, passed: c.passed, outcome: c.outcome, exitCode: c.exitCode, inconclusive: c.inconclusive, run, bot, start, end, checks, phases, audit };
}

/** How the bot ended: on its own (a crash unless code 0), or stopped by `run` (killed if SIGTERM was not enough). */
function endOf(command: string[], exit: BotExit, onItsOwn: boolean, killed: boolean, start: number, to: number, stderrTail: string[]): BotEnd {
  const how = onItsOwn ? (exit.code === 0 && exit.signal === null ? 'exited' : 'crashed') : killed ? 'killed' : 'stopped';
  return { command, how, code: exit.code, signal: exit.signal, at: new Date(to).toISOString(), afterMs: to - start, stderrTail };
}
