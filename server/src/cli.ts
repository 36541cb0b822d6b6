import { parseArgs } from 'node:util';
import { builtinNames, SERVE_SCENARIO } from './scenario/builtin.js';
import { parseDuration } from './clock/duration.js';
import { isSpeed, MAX_SPEED } from './clock/clock.js';
import { DEFAULT_HISTORY } from './exchange/account.js';
import { allowedHostSet } from './control/access.js';

export const HELP = `chaos-exchange — a mock Kraken exchange that fails on purpose

Usage:
  chaos-exchange [serve] [options]     serve the Kraken REST API on a scenario
  chaos-exchange validate FILE...      check scenario files; prints every problem as file:line:col
  chaos-exchange schema                print the scenario format as JSON Schema
  chaos-exchange env [env options]     print the variables that point a bot started by hand at
                                       a running server: eval "$(chaos-exchange env)"
  chaos-exchange run SCENARIO [run options] -- BOT COMMAND...
                                       play SCENARIO against a bot, then judge it (see below)
  chaos-exchange --help                show this help

Options (each also read from the environment variable in brackets):
  --port N          port to listen on; 0 picks a free port          [PORT]      default 8080
  --host HOST       address to bind                                 [HOST]      default 127.0.0.1
  --scenario S      built-in scenario name or path to a YAML file   [SCENARIO]  default ${SERVE_SCENARIO}
  --seed SEED       seed for prices, ids and decisions              [SEED]      default: the scenario's
  --speed X         run simulated time X times faster than real
                    (at most ${MAX_SPEED})                                  [SPEED]     default 1
  --clock C         system: simulated time runs by itself (at --speed);
                    manual: it moves only through /__chaos/advance,
                    /__chaos/jump and the dashboard, and a seed replays
                    byte for byte                                   [CHAOS_EXCHANGE_CLOCK] default system
  --journal-size N  request-journal entries kept (a ring buffer)    [JOURNAL_SIZE] default 10000
  --order-history N ended orders kept with their trades, and ledger
                    entries kept per account (oldest forgotten)     [ORDER_HISTORY] default ${DEFAULT_HISTORY}
  --control-token T lets non-loopback callers use /__chaos/ with
                    "Authorization: Bearer T"                       [CONTROL_TOKEN] default: loopback only
  --allowed-host H  another Host name /__chaos/ answers for, besides
                    localhost, 127.x.x.x, [::1] and --host
                    (repeatable; comma-separated in the variable)   [CHAOS_EXCHANGE_ALLOWED_HOSTS]
  --passthrough     the proxy tunnels CONNECTs to hosts other than
                    Kraken's instead of refusing them (also for run)
  -h, --help        show this help

Env options:
  --url URL             the server; default CHAOS_EXCHANGE_URL, else http://127.0.0.1:8080
  --control-token T     its control token, when it has one; default CONTROL_TOKEN
  --format F            sh (export lines, the default) or dotenv (NAME=value lines)

Run options (\`run\` also takes --seed and --speed):
  --report DIR          where verdict.json, verdict.txt, junit.xml and summary.md go; default chaos-report
  --duration D          scenario time to play; default: the timeline's end plus 2 minutes (or
                        expect.reconcile.within, if longer)
  --grace D             real time the bot gets to stop after SIGTERM before SIGKILL; default 5s
  --allow-inconclusive  a run that put nothing to the test passes (exit 0) instead of exit 5

The bot runs in a process group of its own with CHAOS_EXCHANGE_URL, CHAOS_EXCHANGE_WS_URL,
CHAOS_EXCHANGE_API_KEY, CHAOS_EXCHANGE_API_SECRET and CHAOS_EXCHANGE_STATUS_URL set, and the
transparent proxy's variables (HTTPS_PROXY, the CA to trust, a Node.js preload in NODE_OPTIONS), so a
bot that dials Kraken's own hosts reaches the exchange unchanged; at the end the
whole group gets SIGTERM, then SIGKILL after --grace. Under --speed the bot's own clock and timers
run at the exchange's pace (a preload for Node.js, libfaketime for others; docs/time-warp.md).
Exit codes of run: 0 passed, 1 a check failed, 2 bad arguments or scenario, 3 the bot crashed,
4 the exchange's own money audit found a problem, 5 inconclusive (the bot sent no request, or
every check was n/a), 128+N when run got signal N, 70 when chaos-exchange itself failed.
With GITHUB_STEP_SUMMARY set the summary is appended there; with GITHUB_ACTIONS=true failures are
also printed as ::error:: annotations.

Simulated time starts at the scenario's market.start when it sets one, else at the current time
(the system clock) or 2026-01-01T00:00:00Z (the manual clock).

On start it prints "chaos-exchange listening on http://HOST:PORT" (followed by "(manual clock: ...)"
on the manual clock) and one line per account: "account NAME key=KEY secret=SECRET". Point a
Kraken client's REST base URL at the printed URL. The same address is also an HTTPS proxy for
Kraken's own hosts (api.kraken.com, ws.kraken.com, ws-auth.kraken.com, status.kraken.com...):
clients that cannot be given a URL reach it with HTTPS_PROXY and the local CA it prints, and
\`chaos-exchange env\` prints every variable (a Node.js preload routes https and ws too).
SIGINT or SIGTERM closes it cleanly.

Built-in scenarios: ${builtinNames().join(', ')}
`;

export interface ServeOptions {
  port: number;
  host: string;
  scenario: string;
  seed: string | undefined;
  speed: number;
  /** `system`: time runs by itself at `speed`; `manual`: it moves only through the control API. */
  clock: ServeClock;
  journalSize: number;
  /** Ended orders (and ledger entries per account) kept; undefined: the exchange's default, DEFAULT_HISTORY. */
  orderHistory: number | undefined;
  controlToken: string | undefined;
  /** Host names the control API answers for besides loopback ones and `host`. */
  allowedHosts: string[];
  /** The proxy tunnels CONNECTs to other hosts instead of refusing them. */
  passthrough: boolean;
}

/** What `env` was given. */
export interface EnvCommandOptions {
  url: string;
  controlToken: string | undefined;
  format: 'sh' | 'dotenv';
}

/** The clocks `serve --clock` offers. */
export const SERVE_CLOCKS = ['system', 'manual'] as const;
export type ServeClock = (typeof SERVE_CLOCKS)[number];

/** What `run` was given (see RunOptions in run-mode.ts). */
export interface RunCommandOptions {
  scenario: string;
  seed: string | undefined;
  speed: number;
  report: string;
  duration: number | undefined;
  command: string[];
  /** Real ms between SIGTERM and SIGKILL when the bot is stopped. */
  grace: number;
  allowInconclusive: boolean;
  /** The proxy tunnels CONNECTs to other hosts instead of refusing them. */
  passthrough: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'run'; options: RunCommandOptions }
  | { kind: 'serve'; options: ServeOptions }
  | { kind: 'validate'; files: string[] }
  | { kind: 'schema' }
  | { kind: 'env'; options: EnvCommandOptions }
  | { kind: 'error'; message: string };

/** Parses argv (without node and script) and the environment into a command; never throws. */
export function parseCommand(argv: string[], rawEnv: NodeJS.ProcessEnv): Command {
  // An empty variable (`HOST=`) counts as unset, as shells and compose files often leave them.
  const env = (name: string): string | undefined => (rawEnv[name] === '' ? undefined : rawEnv[name]);
  const dashes = argv.indexOf('--');
  const botCommand = dashes >= 0 ? argv.slice(dashes + 1) : [];
  if (dashes >= 0) argv = argv.slice(0, dashes);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        report: { type: 'string' }, duration: { type: 'string' }, grace: { type: 'string' }, 'allow-inconclusive': { type: 'boolean' },
        port: { type: 'string' }, host: { type: 'string' }, scenario: { type: 'string' }, seed: { type: 'string' },
        speed: { type: 'string' }, clock: { type: 'string' }, 'journal-size': { type: 'string' }, 'order-history': { type: 'string' }, 'control-token': { type: 'string' },
        'allowed-host': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' }, passthrough: { type: 'boolean' },
        url: { type: 'string' }, format: { type: 'string' },
      },
    });
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { kind: 'help' };
  const command = positionals[0] ?? 'serve';
  if (command === 'validate') {
    return positionals.length > 1 ? { kind: 'validate', files: positionals.slice(1) } : { kind: 'error', message: 'validate needs at least one FILE' };
  }
  if (command === 'schema') return positionals.length > 1 ? { kind: 'error', message: `unexpected argument "${positionals[1]}"` } : { kind: 'schema' };
  if (command === 'run') return runCommand(positionals.slice(1), values, botCommand, env);
  if (command === 'env') return envCommand(positionals.slice(1), values, env);
  if (command !== 'serve') return { kind: 'error', message: `unknown command "${command}" (try --help)` };
  if (positionals.length > 1) return { kind: 'error', message: `unexpected argument "${positionals[1]}"` };
  const portText = values.port ?? env('PORT') ?? '8080';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) return { kind: 'error', message: `--port expects 0-65535, got "${portText}"` };
  const speedText = values.speed ?? env('SPEED') ?? '1';
  const speed = Number(speedText);
  if (!isSpeed(speed)) return { kind: 'error', message: speedError(speedText) };
  const clock = values.clock ?? env('CHAOS_EXCHANGE_CLOCK') ?? 'system';
  if (!isServeClock(clock)) return { kind: 'error', message: `--clock expects "system" or "manual", got "${clock}"` };
  if (clock === 'manual' && (values.speed ?? env('SPEED')) !== undefined) {
    return { kind: 'error', message: '--speed has no effect on the manual clock: time moves only through /__chaos/advance and /__chaos/jump' };
  }
  const sizeText = values['journal-size'] ?? env('JOURNAL_SIZE') ?? '10000';
  const journalSize = Number(sizeText);
  if (!/^\d{1,9}$/.test(sizeText) || journalSize < 1) return { kind: 'error', message: `--journal-size expects a positive integer, got "${sizeText}"` };
  const historyText = values['order-history'] ?? env('ORDER_HISTORY');
  if (historyText !== undefined && (!/^\d{1,9}$/.test(historyText) || Number(historyText) < 1)) {
    return { kind: 'error', message: `--order-history expects a positive integer, got "${historyText}"` };
  }
  const orderHistory = historyText === undefined ? undefined : Number(historyText);
  const allowedHosts = values['allowed-host'] ?? env('CHAOS_EXCHANGE_ALLOWED_HOSTS')?.split(',').map((h) => h.trim()).filter((h) => h !== '') ?? [];
  const badHost = allowedHosts.find((h) => allowedHostSet([h]).size === 0);
  if (badHost !== undefined) return { kind: 'error', message: `--allowed-host expects a host name or address such as "chaos.test", got "${badHost}"` };
  return {
    kind: 'serve',
    options: {
      port, host: values.host ?? env('HOST') ?? '127.0.0.1', scenario: values.scenario ?? env('SCENARIO') ?? SERVE_SCENARIO,
      seed: values.seed ?? env('SEED'), speed, clock, journalSize, orderHistory, controlToken: values['control-token'] ?? env('CONTROL_TOKEN'),
      allowedHosts, passthrough: values.passthrough === true,
    },
  };
}

/** `env [--url URL] [--control-token T] [--format sh|dotenv]`. */
function envCommand(args: string[], values: Record<string, string | string[] | boolean | undefined>, env: (name: string) => string | undefined): Command {
  if (args.length > 0) return { kind: 'error', message: `unexpected argument "${args[0]}"` };
  const url = String(values.url ?? env('CHAOS_EXCHANGE_URL') ?? 'http://127.0.0.1:8080');
  if (!/^https?:\/\/[^/\s]+\/?$/.test(url)) return { kind: 'error', message: `--url expects the server's address such as "http://127.0.0.1:8080", got "${url}"` };
  const format = String(values.format ?? 'sh');
  if (format !== 'sh' && format !== 'dotenv') return { kind: 'error', message: `--format expects sh or dotenv, got "${format}"` };
  const token = values['control-token'] ?? env('CONTROL_TOKEN');
  return { kind: 'env', options: { url, controlToken: token === undefined ? undefined : String(token), format } };
}

const isServeClock = (text: string): text is ServeClock => (SERVE_CLOCKS as readonly string[]).includes(text);

const speedError = (text: string): string => `--speed expects a number above 0 and at most ${MAX_SPEED}, got "${text}"`;

/** `run SCENARIO [options] -- BOT...`: checks the scenario, the bot command and the run options. */
function runCommand(args: string[], values: Record<string, string | string[] | boolean | undefined>, bot: string[], env: (name: string) => string | undefined): Command {
  if (args.length !== 1) return { kind: 'error', message: args.length === 0 ? 'run needs a SCENARIO (a built-in name or a YAML file)' : `unexpected argument "${args[1]}"` };
  if (bot.length === 0) return { kind: 'error', message: 'run needs the bot command after "--", e.g. run demo -- node bot.js' };
  const speedText = String(values.speed ?? env('SPEED') ?? '1');
  const speed = Number(speedText);
  if (!isSpeed(speed)) return { kind: 'error', message: speedError(speedText) };
  let duration: number | undefined;
  if (values.duration !== undefined) {
    duration = parseDuration(String(values.duration));
    if (duration === undefined || duration <= 0) return { kind: 'error', message: `--duration expects a duration such as "10m", got "${String(values.duration)}"` };
  }
  const graceText = String(values.grace ?? '5s');
  const grace = parseDuration(graceText);
  if (grace === undefined || grace > 3_600_000) return { kind: 'error', message: `--grace expects a duration such as "5s" (at most 1h), got "${graceText}"` };
  const seed = values.seed ?? env('SEED');
  return {
    kind: 'run',
    options: {
      scenario: args[0]!, seed: seed === undefined ? undefined : String(seed), speed, report: String(values.report ?? 'chaos-report'), duration, command: bot,
      grace, allowInconclusive: values['allow-inconclusive'] === true, passthrough: values.passthrough === true,
    },
  };
}
