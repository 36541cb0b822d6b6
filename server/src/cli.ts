import { parseArgs } from 'node:util';
import { builtinNames, SERVE_SCENARIO } from './scenario/builtin.js';
import { parseDuration } from './clock/duration.js';
import { isSpeed, MAX_SPEED } from './clock/clock.js';
import { DEFAULT_HISTORY } from './exchange/account.js';
import { allowedHostSet } from './control/access.js';
import { DIALECTS, type DialectName } from './api/dialects.js';
import { credentialsOf, ENV_NAMES, Settings, type EnvOption, type Setting } from './cli-settings.js';

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

Options (each also read from the environment variable in brackets; the older generic names
PORT, SCENARIO, SEED, SPEED, JOURNAL_SIZE, ORDER_HISTORY, CONTROL_TOKEN and HOST are not read):
  --port N          port to listen on; 0 picks a free port
                    [CHAOS_EXCHANGE_PORT] default 8080
  --host HOST       address to bind
                    [CHAOS_EXCHANGE_HOST] default 127.0.0.1
  --scenario S      built-in scenario name or path to a YAML file
                    [CHAOS_EXCHANGE_SCENARIO] default ${SERVE_SCENARIO}
  --exchange E      which exchange to serve: kraken or binance (overrides
                    the scenario's exchange:; also for run)
                    [CHAOS_EXCHANGE_DIALECT] default: the scenario's, else kraken
  --seed SEED       seed for prices, ids and decisions
                    [CHAOS_EXCHANGE_SEED] default: the scenario's
  --speed X         run simulated time X times faster than real (at most ${MAX_SPEED})
                    [CHAOS_EXCHANGE_SPEED] default 1
  --clock C         system: simulated time runs by itself (at --speed);
                    manual: it moves only through /__chaos/advance,
                    /__chaos/jump and the dashboard, and a seed replays
                    byte for byte     [CHAOS_EXCHANGE_CLOCK] default system
  --journal-size N  request-journal entries kept (a ring buffer)
                    [CHAOS_EXCHANGE_JOURNAL_SIZE] default 10000
  --order-history N ended orders kept with their trades, and ledger
                    entries kept per account (oldest forgotten)
                    [CHAOS_EXCHANGE_ORDER_HISTORY] default ${DEFAULT_HISTORY}
  --control-token T lets non-loopback callers use /__chaos/ with
                    "Authorization: Bearer T"
                    [CHAOS_EXCHANGE_CONTROL_TOKEN] default: loopback only
  --allowed-host H  another Host name /__chaos/ answers for, besides
                    localhost, 127.x.x.x, [::1] and --host
                    (repeatable; comma-separated in the variable)   [CHAOS_EXCHANGE_ALLOWED_HOSTS]
  --report DIR      on SIGTERM or SIGINT, judge the scenario's checks on
                    every request served, write the same files as run
                    there, and exit with the verdict's code (see run)
                    [CHAOS_EXCHANGE_REPORT] default: no verdict, exit 0
  --allow-inconclusive  with --report: a verdict that put nothing to the
                    test exits 0 instead of 5
  --passthrough     the proxy tunnels CONNECTs to hosts other than
                    Kraken's instead of refusing them (also for run)
  -h, --help        show this help

CHAOS_EXCHANGE_API_KEY and CHAOS_EXCHANGE_API_SECRET (both or neither; the secret the base64 of
64 bytes) fix the first account's key and secret for serve, instead of the seeded ones.

Env options:
  --url URL             the server; default CHAOS_EXCHANGE_URL, else http://127.0.0.1:8080
  --control-token T     its control token, when it has one; default CHAOS_EXCHANGE_CONTROL_TOKEN
  --format F            sh (export lines, the default) or dotenv (NAME=value lines)

Run options (\`run\` also takes --seed and --speed, and their variables):
  --report DIR          where verdict.json, verdict.txt, junit.xml and summary.md go; default chaos-report
                        [CHAOS_EXCHANGE_REPORT]
  --duration D          scenario time to play; default: the timeline's end plus 2 minutes (or
                        expect.reconcile.within, if longer)
  --grace D             real time the bot gets to stop after SIGTERM before SIGKILL; default 5s
  --allow-inconclusive  a run that put nothing to the test passes (exit 0) instead of exit 5

The bot runs in a process group of its own with CHAOS_EXCHANGE_URL, CHAOS_EXCHANGE_WS_URL,
CHAOS_EXCHANGE_API_KEY, CHAOS_EXCHANGE_API_SECRET, CHAOS_EXCHANGE_STATUS_URL and
CHAOS_EXCHANGE_DIALECT set (the last says which API is served: kraken or binance), and the
transparent proxy's variables (HTTPS_PROXY, the CA to trust, a Node.js preload in NODE_OPTIONS), so a
bot that dials the served exchange's own hosts (Kraken's, or Binance's under --exchange binance)
reaches the exchange unchanged; at the end the
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
client's REST base URL at the printed URL. The same address is also an HTTPS proxy for the
served exchange's own hosts (Kraken's api.kraken.com, ws.kraken.com, ws-auth.kraken.com...;
Binance's api.binance.com, stream.binance.com on 443 and 9443, ws-api.binance.com...):
clients that cannot be given a URL reach it with HTTPS_PROXY and the local CA it prints, and
\`chaos-exchange env\` prints every variable (a Node.js preload routes https and ws too).
Its last start line says where the dashboard is: "dashboard http://HOST:PORT/__chaos/ui/".
SIGINT or SIGTERM closes it cleanly. Started by npm (npx, npm start), serve and run also stop as on
SIGTERM within a second once npm is gone (npm's shell does not pass its signals on).

Built-in scenarios: ${builtinNames().join(', ')}
`;

export interface ServeOptions {
  port: number;
  host: string;
  scenario: string;
  /** The exchange served (`--exchange`); undefined: the scenario's `exchange:`, else kraken. */
  exchange: DialectName | undefined;
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
  /** Where the verdict files go on SIGTERM/SIGINT (and the exit code becomes the verdict's); undefined: no verdict. */
  report: string | undefined;
  /** With `report`: a verdict that put nothing to the test exits 0 instead of 5. */
  allowInconclusive: boolean;
  /** The first account's key and secret, fixed by CHAOS_EXCHANGE_API_KEY and CHAOS_EXCHANGE_API_SECRET; undefined: the scenario's (or seeded) ones. */
  credentials: { key: string; secret: string } | undefined;
  /** Where port, host and scenario came from (a flag, a variable, or `default`), for an error that shows only when listening. */
  from: { port: string; host: string; scenario: string };
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
  /** The exchange served (`--exchange`); undefined: the scenario's `exchange:`, else kraken. */
  exchange: DialectName | undefined;
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
  | { kind: 'run'; options: RunCommandOptions; notices: string[] }
  | { kind: 'serve'; options: ServeOptions; notices: string[] }
  | { kind: 'validate'; files: string[] }
  | { kind: 'schema' }
  | { kind: 'env'; options: EnvCommandOptions; notices: string[] }
  | { kind: 'error'; message: string };

/** Parses argv (without node and script) and the environment into a command; never throws. */
export function parseCommand(argv: string[], rawEnv: NodeJS.ProcessEnv): Command {
  const dashes = argv.indexOf('--');
  const botCommand = dashes >= 0 ? argv.slice(dashes + 1) : [];
  if (dashes >= 0) argv = argv.slice(0, dashes);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        report: { type: 'string' }, duration: { type: 'string' }, grace: { type: 'string' }, 'allow-inconclusive': { type: 'boolean' },
        port: { type: 'string' }, host: { type: 'string' }, scenario: { type: 'string' }, seed: { type: 'string' }, exchange: { type: 'string' },
        speed: { type: 'string' }, clock: { type: 'string' }, 'journal-size': { type: 'string' }, 'order-history': { type: 'string' }, 'control-token': { type: 'string' },
        'allowed-host': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' }, passthrough: { type: 'boolean' },
        url: { type: 'string' }, format: { type: 'string' },
      },
    });
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  const settings = new Settings(values, rawEnv);
  if (values.help || positionals[0] === 'help') return { kind: 'help' };
  const command = positionals[0] ?? 'serve';
  if (command === 'validate') {
    return positionals.length > 1 ? { kind: 'validate', files: positionals.slice(1) } : { kind: 'error', message: 'validate needs at least one FILE' };
  }
  if (command === 'schema') return positionals.length > 1 ? { kind: 'error', message: `unexpected argument "${positionals[1]}"` } : { kind: 'schema' };
  if (command === 'run') return runCommand(positionals.slice(1), values, botCommand, settings);
  if (command === 'env') return envCommand(positionals.slice(1), values, settings);
  if (command !== 'serve') return { kind: 'error', message: `unknown command "${command}" (try --help)` };
  if (positionals.length > 1) return { kind: 'error', message: `unexpected argument "${positionals[1]}"` };
  return serveCommand(settings, values['allowed-host'], { passthrough: values.passthrough === true, allowInconclusive: values['allow-inconclusive'] === true });
}

/** Where a setting came from, for an error: its flag or variable (`--name` for a default). */
const sourceOf = (s: Setting, option: EnvOption): string => (s.from === 'default' ? `--${option}` : s.from);

/** `serve`: every option from its flag, else its CHAOS_EXCHANGE_* variable, else its default. */
function serveCommand(settings: Settings, allowedHostFlags: string[] | undefined, switches: { passthrough: boolean; allowInconclusive: boolean }): Command {
  const portSetting = settings.or('port', '8080');
  const port = Number(portSetting.text);
  if (!/^\d{1,5}$/.test(portSetting.text) || port > 65535) return { kind: 'error', message: `${sourceOf(portSetting, 'port')} expects a port 0-65535, got "${portSetting.text}"` };
  const speedSetting = settings.get('speed');
  const speed = Number(speedSetting.text ?? '1');
  if (!isSpeed(speed)) return { kind: 'error', message: speedError(speedSetting) };
  const clockSetting = settings.or('clock', 'system');
  const clock = clockSetting.text;
  if (!isServeClock(clock)) return { kind: 'error', message: `${sourceOf(clockSetting, 'clock')} expects "system" or "manual", got "${clock}"` };
  if (clock === 'manual' && speedSetting.text !== undefined) {
    return { kind: 'error', message: `${speedSetting.from} has no effect on the manual clock: time moves only through /__chaos/advance and /__chaos/jump` };
  }
  const size = settings.or('journal-size', '10000');
  const journalSize = Number(size.text);
  if (!/^\d{1,9}$/.test(size.text) || journalSize < 1) return { kind: 'error', message: `${sourceOf(size, 'journal-size')} expects a positive integer, got "${size.text}"` };
  const history = settings.get('order-history');
  if (history.text !== undefined && (!/^\d{1,9}$/.test(history.text) || Number(history.text) < 1)) {
    return { kind: 'error', message: `${history.from} expects a positive integer, got "${history.text}"` };
  }
  const hosts = allowedHostsOf(settings, allowedHostFlags);
  if (typeof hosts === 'string') return { kind: 'error', message: hosts };
  const report = settings.get('report').text;
  if (switches.allowInconclusive && report === undefined) {
    return { kind: 'error', message: '--allow-inconclusive needs --report DIR (or CHAOS_EXCHANGE_REPORT): serve judges nothing without it' };
  }
  const credentials = credentialsOf(settings);
  if (typeof credentials === 'string') return { kind: 'error', message: credentials };
  const exchange = exchangeOf(settings);
  if (typeof exchange === 'object') return exchange;
  const host = settings.or('host', '127.0.0.1');
  const scenario = settings.or('scenario', SERVE_SCENARIO);
  return {
    kind: 'serve',
    options: {
      port, host: host.text, scenario: scenario.text, exchange, seed: settings.get('seed').text, speed, clock, journalSize,
      orderHistory: history.text === undefined ? undefined : Number(history.text), controlToken: settings.get('control-token').text,
      allowedHosts: hosts, ...switches, credentials, report, from: { port: portSetting.from, host: host.from, scenario: scenario.from },
    },
    notices: settings.notices,
  };
}

/** The allowed hosts from `--allowed-host` (repeatable) or its variable (comma-separated); an error message when one is no host name. */
function allowedHostsOf(settings: Settings, flags: string[] | undefined): string[] | string {
  const variable = ENV_NAMES['allowed-host'];
  const hosts = flags ?? settings.env(variable)?.split(',').map((h) => h.trim()).filter((h) => h !== '') ?? [];
  const bad = hosts.find((h) => allowedHostSet([h]).size === 0);
  return bad === undefined ? hosts : `${flags ? '--allowed-host' : variable} expects a host name or address such as "chaos.test", got "${bad}"`;
}

/** `env [--url URL] [--control-token T] [--format sh|dotenv]`. */
function envCommand(args: string[], values: Record<string, string | string[] | boolean | undefined>, settings: Settings): Command {
  if (args.length > 0) return { kind: 'error', message: `unexpected argument "${args[0]}"` };
  const url = String(values.url ?? settings.env('CHAOS_EXCHANGE_URL') ?? 'http://127.0.0.1:8080');
  if (!/^https?:\/\/[^/\s]+\/?$/.test(url)) return { kind: 'error', message: `--url expects the server's address such as "http://127.0.0.1:8080", got "${url}"` };
  const format = String(values.format ?? 'sh');
  if (format !== 'sh' && format !== 'dotenv') return { kind: 'error', message: `--format expects sh or dotenv, got "${format}"` };
  return { kind: 'env', options: { url, controlToken: settings.get('control-token').text, format }, notices: settings.notices };
}

/** `--exchange` (or its variable): a dialect's name, undefined when not given, or the error naming the choices. */
function exchangeOf(settings: Settings): DialectName | undefined | { kind: 'error'; message: string } {
  const s = settings.get('exchange');
  if (s.text === undefined || Object.hasOwn(DIALECTS, s.text)) return s.text as DialectName | undefined;
  return { kind: 'error', message: `${s.from} expects ${Object.keys(DIALECTS).join(' or ')}, got "${s.text}"` };
}

const isServeClock = (text: string): text is ServeClock => (SERVE_CLOCKS as readonly string[]).includes(text);

const speedError = (s: Setting): string => `${sourceOf(s, 'speed')} expects a number above 0 and at most ${MAX_SPEED}, got "${s.text}"`;

/** `run SCENARIO [options] -- BOT...`: checks the scenario, the bot command and the run options. */
function runCommand(args: string[], values: Record<string, string | string[] | boolean | undefined>, bot: string[], settings: Settings): Command {
  if (args.length !== 1) return { kind: 'error', message: args.length === 0 ? 'run needs a SCENARIO (a built-in name or a YAML file)' : `unexpected argument "${args[1]}"` };
  if (bot.length === 0) return { kind: 'error', message: 'run needs the bot command after "--", e.g. run demo -- node bot.js' };
  const speedSetting = settings.or('speed', '1');
  const speed = Number(speedSetting.text);
  if (!isSpeed(speed)) return { kind: 'error', message: speedError(speedSetting) };
  let duration: number | undefined;
  if (values.duration !== undefined) {
    duration = parseDuration(String(values.duration));
    if (duration === undefined || duration <= 0) return { kind: 'error', message: `--duration expects a duration such as "10m", got "${String(values.duration)}"` };
  }
  const graceText = String(values.grace ?? '5s');
  const grace = parseDuration(graceText);
  if (grace === undefined || grace > 3_600_000) return { kind: 'error', message: `--grace expects a duration such as "5s" (at most 1h), got "${graceText}"` };
  const seed = settings.get('seed').text;
  const exchange = exchangeOf(settings);
  if (typeof exchange === 'object') return exchange;
  return {
    kind: 'run',
    notices: settings.notices,
    options: {
      scenario: args[0]!, exchange, seed, speed, report: settings.or('report', 'chaos-report').text, duration, command: bot,
      grace, allowInconclusive: values['allow-inconclusive'] === true, passthrough: values.passthrough === true,
    },
  };
}
