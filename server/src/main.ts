import { ScenarioError, startExchange, type RunningExchange } from './app.js';
import { realNow } from './clock/host.js';
import { writeReport } from './run/report-files.js';
import { serveVerdict } from './run/serve-report.js';
import { startedByNpm, watchParent } from './run/parent-watch.js';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname } from 'node:path';
import { HELP, parseCommand, type RunCommandOptions, type ServeOptions } from './cli.js';
import { runScenario, RunUsageError, RUN_EXIT } from './run-mode.js';
import { spawnBotProcess } from './run/bot-process.js';
import { scenarioPath, unknownScenario } from './scenario/builtin.js';
import { compiledBuiltin } from './scenario/compiled.js';
import { scenarioJsonSchema } from './scenario/json-schema.js';
import { formatIssue, loadScenarioFile } from './scenario/load.js';

/** The built-in scenarios as the build compiled them, written beside the CLI bundle (dist/cli/). */
const COMPILED_SCENARIOS = new URL('./scenarios.json', import.meta.url);

/** CLI entry: the only module with side effects (argv, env, stdout, signals, exit code). */
async function main(): Promise<number> {
  // A closed pipe (`chaos-exchange | head -2`) must not crash the server: stop writing instead.
  process.stdout.on('error', () => undefined);
  const cmd = parseCommand(process.argv.slice(2), process.env);
  if (cmd.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (cmd.kind === 'error') {
    process.stderr.write(`chaos-exchange: ${cmd.message}\n`);
    return 2;
  }
  if ('notices' in cmd) for (const notice of cmd.notices) process.stderr.write(`chaos-exchange: ${notice}\n`);
  if (cmd.kind === 'serve' || cmd.kind === 'run') closeWithNpm();
  if (cmd.kind === 'schema') {
    process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (cmd.kind === 'validate') {
    let bad = 0;
    for (const file of cmd.files) {
      const unknown = unknownScenario(file);
      const r = unknown === undefined ? await loadScenarioFile(scenarioPath(file)) : { ok: false as const, issues: [{ file, line: 1, col: 1, path: '', message: unknown }] };
      if (r.ok) process.stdout.write(`${file}: ok\n`);
      else {
        bad++;
        // Issues name the file as it was given (a built-in name stays a name, a path stays relative).
        for (const issue of r.issues) process.stderr.write(`${formatIssue({ ...issue, file })}\n`);
      }
    }
    return bad > 0 ? 1 : 0;
  }
  if (cmd.kind === 'run') return runBot(cmd.options);
  if (cmd.kind === 'env') {
    try {
      // Loaded for this command only: `serve` starts without it.
      const { clientEnv, formatEnv } = await import('./proxy/client-env.js');
      process.stdout.write(formatEnv(await clientEnv(cmd.options.url, cmd.options.controlToken), cmd.options.format));
      return 0;
    } catch (err) {
      process.stderr.write(`chaos-exchange env: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const { port, host, scenario, exchange, seed, speed, clock, journalSize, orderHistory, controlToken, allowedHosts, passthrough, credentials, from } = cmd.options;
  let running;
  try {
    const seedValue = seed !== undefined && /^-?\d+$/.test(seed) ? Number(seed) : seed;
    // A built-in as compiled by the build (beside the CLI bundle), when its YAML is unchanged; else loaded as usual.
    const compiled = await compiledBuiltin(scenario, COMPILED_SCENARIOS);
    running = await startExchange({ port, host, scenario: compiled ?? scenario, exchange, seed: seedValue, clock, speed, journalSize, orderHistory, allowedHosts, passthrough, credentials, ...(controlToken ? { controlToken } : {}) });
  } catch (err) {
    if (err instanceof ScenarioError) {
      // A scenario named by the environment says so: the variable may be somebody else's.
      const origin = from.scenario === 'default' || from.scenario.startsWith('--') ? '' : ` (${from.scenario}=${scenario})`;
      process.stderr.write(`${err.message.replace(/^invalid scenario:/, `invalid scenario${origin}:`)}\n`);
      return 1;
    }
    const listen = listenError(err, cmd.options);
    process.stderr.write(`chaos-exchange: ${listen?.message ?? (err as Error).message}\n`);
    return listen?.code ?? 1;
  }
  const served = { began: realNow(), sourceName: running.scenario.name };
  const stop = (signal: string): void => {
    process.stdout.write(`chaos-exchange: ${signal}, closing\n`);
    void closeServe(running, cmd.options, signal, served).then((code) => process.exit(code));
  };
  // Before the ready line: a caller may signal as soon as it has read it.
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const manual = clock === 'manual' ? ' (manual clock: time moves only through /__chaos/advance and /__chaos/jump)' : '';
  process.stdout.write(`chaos-exchange listening on ${running.url}${manual}\n`);
  for (const a of running.accounts) process.stdout.write(`account ${a.name} key=${a.key} secret=${a.secret}\n`);
  const { proxy } = running;
  process.stdout.write(`proxy ${proxy.url} for ${proxy.hosts.join(', ')}${passthrough ? ' (other hosts tunnelled)' : ''}; trust CA ${proxy.caFile} (made on first use); variables for a shell: eval "$(chaos-exchange env --url ${running.url})"\n`);
  process.stdout.write(`dashboard ${running.url}/__chaos/ui/\n`);
  return -1;
}

/**
 * Closes `serve` on a signal; with --report, first judges what it saw up to the signal, then writes
 * the verdict's files and resolves with its exit code (70 when they cannot be written), else 0.
 */
async function closeServe(running: RunningExchange, o: ServeOptions, signal: string, served: { began: number; sourceName: string }): Promise<number> {
  try {
    const verdict = o.report === undefined ? undefined : await serveVerdict(running, {
      source: o.scenario, sourceName: served.sourceName, speed: o.speed, clock: o.clock, allowInconclusive: o.allowInconclusive, signal,
      wallMs: Math.round(realNow() - served.began),
    });
    await running.close();
    if (verdict === undefined || o.report === undefined) return 0;
    await writeReport({ dir: o.report }, verdict, { out: (text) => void process.stdout.write(text), writeFile: writeMaking });
    return verdict.exitCode ?? RUN_EXIT.failed;
  } catch (err) {
    process.stderr.write(`chaos-exchange: ${(err as Error).message}\n`);
    return RUN_EXIT.internal;
  }
}

/** Writes a file, making its folder first. */
async function writeMaking(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * Under npm (npx chaos-exchange …, npm start), a SIGTERM to npm ends the shell between it and this
 * process but never reaches this process: when the parent goes, this process sends itself SIGTERM
 * and closes as if npm had passed the signal on (serve writes its report, run stops its bot).
 */
function closeWithNpm(): void {
  if (!startedByNpm(process.env)) return;
  watchParent(() => process.ppid, () => {
    process.stderr.write('chaos-exchange: the process that started it (npm) is gone: stopping as on SIGTERM\n');
    process.kill(process.pid, 'SIGTERM');
  });
}

/** A failure to listen, said against the flag or variable it came from: a host that is no address here (exit 2), a port in use or not allowed (exit 1). */
function listenError(err: unknown, o: ServeOptions): { message: string; code: number } | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  const syscall = (err as NodeJS.ErrnoException).syscall;
  const source = (from: string, flag: string): string => (from === 'default' ? `${flag} (default)` : from);
  if (syscall === 'getaddrinfo' || code === 'EADDRNOTAVAIL') {
    return { code: 2, message: `${source(o.from.host, '--host')} expects an address of this machine to listen on, got "${o.host}" (${syscall === 'getaddrinfo' ? `getaddrinfo ${code}` : code})` };
  }
  if (code === 'EADDRINUSE') return { code: 1, message: `${source(o.from.port, '--port')}: port ${o.port} on ${o.host} is in use (EADDRINUSE)` };
  if (code === 'EACCES') return { code: 1, message: `${source(o.from.port, '--port')}: port ${o.port} on ${o.host} needs privileges this process lacks (EACCES)` };
  return undefined;
}

/** `run`: the bot is a process group of its own sharing our stdout; progress goes to stderr; SIGINT/SIGTERM end the run early. */
async function runBot(o: RunCommandOptions): Promise<number> {
  const tty = process.stderr.isTTY;
  // The first signal ends the run gracefully (the bot stopped, the report written); a second one
  // exits at once, and the bot's process group is killed on the way out (see spawnBotProcess).
  let signalled = false;
  const interrupted = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (signalled) process.exit(128 + os.constants.signals[signal]);
        signalled = true;
        resolve(signal);
      });
    }
  });
  try {
    return await runScenario({
      ...o, seed: o.seed !== undefined && /^-?\d+$/.test(o.seed) ? Number(o.seed) : o.seed,
      github: { stepSummary: process.env.GITHUB_STEP_SUMMARY || undefined, annotations: process.env.GITHUB_ACTIONS === 'true' },
    }, {
      spawnBot: (command, env) => spawnBotProcess(command, env, (chunk) => void process.stderr.write(chunk)),
      out: (text) => void process.stdout.write(text),
      progress: (line) => void process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`),
      writeFile: writeMaking,
      appendFile: (path, text) => appendFile(path, text),
      interrupted,
    });
  } catch (err) {
    const usage = err instanceof ScenarioError || err instanceof RunUsageError;
    process.stderr.write(usage ? `${err.message}\n` : `chaos-exchange: ${(err as Error).message}\n`);
    return usage ? RUN_EXIT.usage : RUN_EXIT.internal;
  }
}

const code = await main();
if (code >= 0) process.exitCode = code;
