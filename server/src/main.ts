import { ScenarioError, startExchange } from './app.js';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HELP, parseCommand, type RunCommandOptions } from './cli.js';
import { runScenario } from './run-mode.js';
import { scenarioPath } from './scenario/builtin.js';
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
  if (cmd.kind === 'schema') {
    process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (cmd.kind === 'validate') {
    let bad = 0;
    for (const file of cmd.files) {
      const r = await loadScenarioFile(scenarioPath(file));
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
  const { port, host, scenario, seed, speed, clock, journalSize, orderHistory, controlToken, allowedHosts } = cmd.options;
  let running;
  try {
    const seedValue = seed !== undefined && /^-?\d+$/.test(seed) ? Number(seed) : seed;
    // A built-in as compiled by the build (beside the CLI bundle), when its YAML is unchanged; else loaded as usual.
    const compiled = await compiledBuiltin(scenario, COMPILED_SCENARIOS);
    running = await startExchange({ port, host, scenario: compiled ?? scenario, seed: seedValue, clock, speed, journalSize, orderHistory, allowedHosts, ...(controlToken ? { controlToken } : {}) });
  } catch (err) {
    if (err instanceof ScenarioError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    process.stderr.write(`chaos-exchange: ${(err as Error).message}\n`);
    return 1;
  }
  const stop = (signal: string): void => {
    process.stdout.write(`chaos-exchange: ${signal}, closing\n`);
    void running.close().then(() => process.exit(0));
  };
  // Before the ready line: a caller may signal as soon as it has read it.
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const manual = clock === 'manual' ? ' (manual clock: time moves only through /__chaos/advance and /__chaos/jump)' : '';
  process.stdout.write(`chaos-exchange listening on ${running.url}${manual}\n`);
  for (const a of running.accounts) process.stdout.write(`account ${a.name} key=${a.key} secret=${a.secret}\n`);
  return -1;
}

/** `run`: the bot is a child process sharing our terminal; progress goes to stderr. */
async function runBot(o: RunCommandOptions): Promise<number> {
  const tty = process.stderr.isTTY;
  try {
    return await runScenario({ ...o, seed: o.seed !== undefined && /^-?\d+$/.test(o.seed) ? Number(o.seed) : o.seed }, {
      spawnBot: (command, env) => {
        const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, ...env } });
        const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
          child.once('exit', (code, signal) => resolve({ code, signal }));
          child.once('error', (err) => {
            process.stderr.write(`chaos-exchange run: cannot start the bot: ${err.message}\n`);
            resolve({ code: 127, signal: null });
          });
        });
        return { exited, stop: () => void child.kill('SIGTERM') };
      },
      out: (text) => void process.stdout.write(text),
      progress: (line) => void process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`),
      writeFile: async (path, text) => {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text);
      },
    });
  } catch (err) {
    process.stderr.write(err instanceof ScenarioError ? `${err.message}\n` : `chaos-exchange: ${(err as Error).message}\n`);
    return 1;
  }
}

const code = await main();
if (code >= 0) process.exitCode = code;
