import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from 'zod';
import { startExchange, type RunningExchange } from '../src/app.js';
import { parseCommand, type ServeOptions } from '../src/cli.js';
import { builtinNames, packageRoot } from '../src/scenario/builtin.js';
import { composeEnv } from './compose.js';
import { dockerDuration, dockerignored, execForm, firstProbeAt, healthcheckArgv, healthSchedule, parseDockerfile, splitFlags, stagesOf, type Instruction, type Stage } from './dockerfile.js';

// No Docker engine is needed to check the Dockerfile and compose file against the code they run.

const root = packageRoot();
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string>; scripts: Record<string, string>; files: string[]; engines: { node: string } };
const stages = stagesOf(parseDockerfile(read('Dockerfile')));
const runtime = stages.at(-1) as Stage;

const composeSchema = z.object({
  services: z.object({
    exchange: z.object({
      build: z.string(),
      ports: z.array(z.string()),
      environment: z.array(z.string()),
      healthcheck: z.object({
        test: z.array(z.string()),
        interval: z.string().default('30s'),
        timeout: z.string().default('30s'),
        start_period: z.string().default('0s'),
        start_interval: z.string().default('5s'),
        retries: z.number().int().default(3),
      }),
    }),
  }),
});
const compose = composeSchema.parse(parse(read('docker-compose.yml'))).services.exchange;

function only(stage: Stage, keyword: string): Instruction {
  const found = stage.instructions.filter((i) => i.keyword === keyword);
  if (found.length !== 1) throw new Error(`expected one ${keyword} in the stage FROM ${stage.image}, found ${found.length}`);
  return found[0] as Instruction;
}

/** The CLI options a container command ends up with, given the container's environment. */
function serveOptions(argv: string[], env: NodeJS.ProcessEnv): ServeOptions {
  expect(argv.slice(0, 2)).toEqual(['node', pkg.bin['chaos-exchange']]);
  const cmd = parseCommand(argv.slice(2), env);
  if (cmd.kind !== 'serve') throw new Error(`the command ${argv.join(' ')} does not parse: ${JSON.stringify(cmd)}`);
  return cmd.options;
}
const cmdArgv = execForm(only(runtime, 'CMD').args);

/** The container's environment from compose's list form, against the shell's variables. */
const containerEnv = (shell: Record<string, string>): Record<string, string> => composeEnv(compose.environment, shell);

const exitCodeOf = (argv: string[]): Promise<number | null> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv.slice(1), { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });

describe('Dockerfile', () => {
  it('builds and runs on an official Node image that package.json engines allow', () => {
    const minMajor = Number(/>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
    for (const { image } of stages) {
      const m = /^node:(\d+)(-[a-z]+)?$/.exec(image);
      expect(m, `FROM ${image}`).not.toBeNull();
      expect(Number(m?.[1])).toBeGreaterThanOrEqual(minMajor);
    }
  });

  it('CMD runs the package bin with flags the CLI accepts, on all interfaces at the exposed port', () => {
    expect(serveOptions(cmdArgv, {})).toMatchObject({ port: 8080, host: '0.0.0.0', scenario: 'demo', seed: undefined, speed: 1, clock: 'system', journalSize: 10_000, controlToken: undefined, allowedHosts: [], passthrough: false });
    expect(only(runtime, 'EXPOSE').args.split(/\s+/).map((p) => Number.parseInt(p, 10))).toEqual([serveOptions(cmdArgv, {}).port]);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    for (const stage of stages) {
      for (const ins of stage.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
        const { flags, rest } = splitFlags(ins.args);
        if (flags.from !== undefined) continue;
        for (const src of rest.split(/\s+/).slice(0, -1)) {
          expect(existsSync(join(root, src)), `line ${ins.line}: ${src}`).toBe(true);
          expect(dockerignored(posix.normalize(src), read('.dockerignore')), `line ${ins.line}: ${src} is in .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('takes from the build stage the folder that `npm run build` writes, and npm ci has its lock file', () => {
    const outDir = (JSON.parse(read('tsconfig.json')) as { compilerOptions: { outDir: string } }).compilerOptions.outDir;
    for (const ins of runtime.instructions.filter((i) => i.keyword === 'COPY' && splitFlags(i.args).flags.from !== undefined)) {
      const from = stages.find((s) => s.name === splitFlags(ins.args).flags.from);
      expect(from, `line ${ins.line}: no stage named ${splitFlags(ins.args).flags.from}`).toBeDefined();
      const [src] = splitFlags(ins.args).rest.split(/\s+/);
      expect(src).toBe(posix.join(only(from as Stage, 'WORKDIR').args, outDir));
      expect((from as Stage).instructions.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args))).toBe(true);
    }
    for (const stage of stages) {
      const ciAt = stage.instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
      const lockAt = stage.instructions.findIndex((i) => i.keyword === 'COPY' && i.args.split(/\s+/).includes('package-lock.json'));
      expect(lockAt, `FROM ${stage.image}: package-lock.json is copied before npm ci`).toBeGreaterThanOrEqual(0);
      expect(lockAt).toBeLessThan(ciAt);
    }
  });

  it('RUN uses only npm scripts that package.json defines', () => {
    const used = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN')).flatMap((i) => [...i.args.matchAll(/\bnpm run(?:-script)? ([\w:-]+)/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(0);
    for (const script of used) expect(Object.keys(pkg.scripts)).toContain(script);
  });

  it('the image holds what the CLI loads at run time: package.json, bin, the compiled entry and the scenarios', () => {
    const workdir = only(runtime, 'WORKDIR').args;
    const copied = runtime.instructions.filter((i) => i.keyword === 'COPY').flatMap((i) => {
      const parts = splitFlags(i.args).rest.split(/\s+/);
      const dest = parts.at(-1) as string;
      const sources = parts.slice(0, -1);
      const into = sources.length > 1 || dest.endsWith('/');
      return sources.map((s) => posix.relative(workdir, posix.resolve(workdir, into ? posix.join(dest, posix.basename(s)) : dest)));
    });
    // What the package ships that the CLI reads: `files` less its exclusions (`!…`) and the documentation.
    const loaded = pkg.files.filter((f) => !f.startsWith('!') && f !== 'docs');
    for (const needed of ['package.json', ...loaded]) expect(copied.some((c) => needed === c || needed.startsWith(`${c}/`)), needed).toBe(true);
    const entry = /new URL\('\.\.\/([^']+)'/.exec(read(pkg.bin['chaos-exchange'] as string))?.[1];
    // The bin runs the CLI bundle, which `npm run build` writes under dist/ (the tests' global set-up has just built it).
    expect(entry).toBe('dist/cli/main.js');
    expect(existsSync(join(root, entry as string))).toBe(true);
  });

  it('the build stage has every file `npm run build` reads before it runs it', () => {
    const build = stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args))) as Stage;
    const runAt = build.instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args));
    const copied = build.instructions.slice(0, runAt).filter((i) => i.keyword === 'COPY').flatMap((i) => splitFlags(i.args).rest.split(/\s+/).slice(0, -1));
    // The files the script names (its tsconfig and the bundler script), the sources tsc compiles,
    // and the built-in scenarios the bundler parses into dist/cli/scenarios.json.
    const named = (pkg.scripts.build ?? '').split(/\s+/).filter((word) => /\.(json|mjs|js)$/.test(word));
    expect(named).toEqual(['tsconfig.build.json', 'server/bundle-cli.mjs']);
    expect(read('server/bundle-cli.mjs')).toContain('compileBuiltins');
    for (const file of [...named, 'tsconfig.json', 'server/src/main.ts', 'scenarios/demo.yaml']) {
      expect(copied.some((src) => file === src || file.startsWith(`${src.replace(/\/$/, '')}/`)), file).toBe(true);
    }
  });
});

describe('docker-compose.yml', () => {
  it('builds this Dockerfile and publishes the CLI port on the port the docs and the CLI default use', () => {
    expect(compose.build).toBe('.');
    const defaults = parseCommand([], {});
    expect(defaults.kind === 'serve' && defaults.options.port).toBe(8080);
    const [host, container] = (compose.ports[0] ?? '').split(':').slice(-2).map(Number);
    expect(compose.ports).toHaveLength(1);
    expect(container).toBe(serveOptions(cmdArgv, {}).port);
    expect(host).toBe(8080);
  });

  it('sets only environment variables the CLI reads, and they resolve to a valid command', () => {
    const readByCli = new Set<string>();
    const recording = new Proxy({}, {
      get: (_, key) => {
        if (typeof key === 'string') readByCli.add(key);
        return undefined;
      },
    });
    parseCommand([], recording);
    for (const name of Object.keys(containerEnv({ CHAOS_EXCHANGE_SCENARIO: 'x', CHAOS_EXCHANGE_SEED: 'x' }))) expect([...readByCli]).toContain(name);
    expect(serveOptions(cmdArgv, containerEnv({}))).toMatchObject({ scenario: 'demo', seed: undefined });
    expect(builtinNames()).toContain('demo');
    expect(serveOptions(cmdArgv, containerEnv({ CHAOS_EXCHANGE_SCENARIO: 'my.yaml', CHAOS_EXCHANGE_SEED: '7' }))).toMatchObject({ scenario: 'my.yaml', seed: '7' });
  });

  it('runs the same health check as the Dockerfile, on the same schedule', () => {
    expect(compose.healthcheck.test).toEqual(['CMD', ...healthcheckArgv(only(runtime, 'HEALTHCHECK'))]);
    const { interval, timeout, start_period, start_interval, retries } = compose.healthcheck;
    expect({ interval: dockerDuration(interval), timeout: dockerDuration(timeout), startPeriod: dockerDuration(start_period), startInterval: dockerDuration(start_interval), retries })
      .toEqual(healthSchedule(only(runtime, 'HEALTHCHECK')));
  });
});

describe('health check schedule', () => {
  const schedule = healthSchedule(only(runtime, 'HEALTHCHECK'));

  it('first probes within 2 s of start (Docker 25+), so `depends_on: service_healthy` holds a bot about a second, not ten', () => {
    expect(schedule.startPeriod).toBeGreaterThan(0);
    expect(firstProbeAt(schedule)).toBeLessThanOrEqual(2000);
  });

  it('probes several times within the start period, each probe ending before the next', () => {
    expect(schedule.startPeriod / schedule.startInterval).toBeGreaterThanOrEqual(3);
    expect(schedule.timeout).toBeLessThanOrEqual(Math.min(schedule.interval, schedule.startPeriod));
  });
});

describe('health check', () => {
  let running: RunningExchange | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('asks the container port for the control API\'s state (served under every exchange, outside the fault pipeline and the journal); passes whenever it reports a mode, fails on another reply', async () => {
    const argv = healthcheckArgv(only(runtime, 'HEALTHCHECK'));
    expect(argv.slice(0, 2)).toEqual(['node', '-e']);
    const script = argv[2] as string;
    const url = new URL(/https?:\/\/[^'"`\s]+/.exec(script)?.[0] ?? 'missing:');
    expect(url.hostname).toBe('127.0.0.1');
    const options = serveOptions(cmdArgv, containerEnv({}));
    expect(Number(url.port)).toBe(options.port);
    expect(url.pathname).toBe('/__chaos/state');
    running = await startExchange({ scenario: options.scenario, seed: options.seed, speed: options.speed, port: 0 });
    expect(await exitCodeOf(['node', '-e', script.replace(url.origin, running.url)])).toBe(0);
    expect(await exitCodeOf(['node', '-e', script.replace(url.href, `${running.url}/0/public/Time`)])).toBe(1);
    // The probe is no client: a bot's verdict (request rate, status watching) must not see it.
    const journaled = running.journal.total;
    expect(await exitCodeOf(['node', '-e', script.replace(url.origin, running.url)])).toBe(0);
    expect(running.journal.total).toBe(journaled);
    await running.close();
    running = await startExchange({ scenario: { name: 'down', timeline: [{ name: 'maintenance', mode: 'maintenance' }] }, port: 0 });
    expect(await exitCodeOf(['node', '-e', script.replace(url.origin, running.url)])).toBe(0);
    await running.close();
    running = await startExchange({ scenario: 'calm', exchange: 'binance', port: 0 });
    expect(await exitCodeOf(['node', '-e', script.replace(url.origin, running.url)])).toBe(0);
  });
});
