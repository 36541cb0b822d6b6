import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from 'zod';
import { HELP, parseCommand } from '../src/cli.js';
import { packageRoot } from '../src/scenario/builtin.js';
import { accountSchema } from '../src/scenario/schema.js';
import { composeEnv, interpolate } from './compose.js';
import { execForm, parseDockerfile, stagesOf, type Stage } from './dockerfile.js';

// docker-compose.bot.yml, laid over docker-compose.yml, runs a bot beside the exchange: checked
// against the Dockerfile and the CLI, since no Docker engine is needed to know the wiring is right.

const root = packageRoot();
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const runtime = stagesOf(parseDockerfile(read('Dockerfile'))).at(-1) as Stage;
const workdir = runtime.instructions.find((i) => i.keyword === 'WORKDIR')?.args as string;
const cmd = execForm(runtime.instructions.find((i) => i.keyword === 'CMD')?.args as string);

const file = z.object({
  services: z.object({
    exchange: z.object({ command: z.array(z.string()), environment: z.array(z.string()), volumes: z.array(z.string()) }),
    bot: z.object({
      image: z.string(),
      depends_on: z.object({ exchange: z.object({ condition: z.string() }) }),
      environment: z.array(z.string()),
    }),
  }),
  volumes: z.record(z.string(), z.unknown()),
}).parse(parse(read('docker-compose.bot.yml')));
const { exchange, bot } = file.services;
const shell = { BOT_IMAGE: 'my-bot' };

/** The value after `flag` in an argv. */
const flagValue = (argv: string[], flag: string): string | undefined => argv[argv.indexOf(flag) + 1];

describe('docker-compose.bot.yml', () => {
  it('starts the bot once the exchange is healthy, from the image the user names', () => {
    expect(bot.depends_on.exchange.condition).toBe('service_healthy');
    expect(interpolate(bot.image, shell)).toBe('my-bot');
    expect(() => interpolate(bot.image, {})).toThrow(/BOT_IMAGE/);
  });

  it('gives the bot the variables `run` gives a bot, pointing at the exchange service on its container port', () => {
    const env = composeEnv(bot.environment, shell);
    const runVars = /The bot runs in a process group of its own with ([\s\S]*?) set/.exec(HELP)?.[1]?.split(/,\s*|\s+and\s+/).map((v) => v.trim());
    expect(Object.keys(env).sort()).toEqual([...(runVars ?? [])].sort());
    const base = `http://exchange:${flagValue(cmd, '--port')}`;
    expect(env).toMatchObject({ CHAOS_EXCHANGE_URL: base, CHAOS_EXCHANGE_WS_URL: base.replace(/^http/, 'ws'), CHAOS_EXCHANGE_STATUS_URL: `${base}/api/v2/status.json` });
  });

  it('tells the bot which exchange it talks to: kraken by default; CHAOS_EXCHANGE_DIALECT=binance in the shell reaches both services', () => {
    expect(composeEnv(bot.environment, shell).CHAOS_EXCHANGE_DIALECT).toBe('kraken');
    expect(composeEnv(exchange.environment, shell).CHAOS_EXCHANGE_DIALECT).toBeUndefined();
    const binance = { ...shell, CHAOS_EXCHANGE_DIALECT: 'binance' };
    expect(composeEnv(bot.environment, binance).CHAOS_EXCHANGE_DIALECT).toBe('binance');
    const parsed = parseCommand(exchange.command.slice(2), composeEnv(exchange.environment, binance));
    expect(parsed).toMatchObject({ kind: 'serve', options: { exchange: 'binance' } });
  });

  it('fixes one key and secret for both, valid for an account, and lets the shell choose others', () => {
    const botEnv = composeEnv(bot.environment, shell);
    const exEnv = composeEnv(exchange.environment, shell);
    const { CHAOS_EXCHANGE_API_KEY: key, CHAOS_EXCHANGE_API_SECRET: secret } = exEnv;
    expect({ key: botEnv.CHAOS_EXCHANGE_API_KEY, secret: botEnv.CHAOS_EXCHANGE_API_SECRET }).toEqual({ key, secret });
    expect(accountSchema.safeParse({ name: 'bot', key, secret }).success).toBe(true);
    // Kraken's secrets are 64 bytes; clients decode it as base64 to sign with.
    expect(Buffer.from(secret as string, 'base64')).toHaveLength(64);
    const chosen = { ...shell, CHAOS_EXCHANGE_API_KEY: 'other-key-1', CHAOS_EXCHANGE_API_SECRET: 'b3RoZXI=' };
    expect(composeEnv(exchange.environment, chosen)).toMatchObject({ CHAOS_EXCHANGE_API_KEY: 'other-key-1', CHAOS_EXCHANGE_API_SECRET: 'b3RoZXI=' });
    expect(composeEnv(bot.environment, chosen)).toMatchObject({ CHAOS_EXCHANGE_API_KEY: 'other-key-1', CHAOS_EXCHANGE_API_SECRET: 'b3RoZXI=' });
  });

  it("runs the image's CMD with --report into a named volume, over a folder the image makes writable for its user", () => {
    expect(exchange.command.slice(0, cmd.length)).toEqual(cmd);
    expect(exchange.command.slice(cmd.length, -1)).toEqual(['--report']);
    const report = posix.resolve(workdir, exchange.command.at(-1) as string);
    const mount = exchange.volumes.map((v) => v.split(':')).find(([, target]) => target === report);
    expect(mount, `a volume at ${report}`).toBeDefined();
    expect(Object.keys(file.volumes)).toContain(mount?.[0]);
    // A new named volume takes the owner and mode of the image's folder; the image runs as `node`.
    const userAt = runtime.instructions.findIndex((i) => i.keyword === 'USER');
    const makes = runtime.instructions.slice(0, userAt).find((i) => i.keyword === 'RUN' && new RegExp(`mkdir -m 1777 ${exchange.command.at(-1)}$`).test(i.args));
    expect(makes, `RUN mkdir -m 1777 ${exchange.command.at(-1)} before USER`).toBeDefined();
  });

  it('the CLI accepts the command and reads every variable the exchange gets', () => {
    const env = composeEnv(exchange.environment, { ...shell, CHAOS_EXCHANGE_DIALECT: 'binance' });
    const read = new Set<string>();
    const recording = new Proxy(env, { get: (target, key) => (typeof key === 'string' && read.add(key), Reflect.get(target, key)) });
    const parsed = parseCommand(exchange.command.slice(2), recording);
    expect(parsed).toMatchObject({ kind: 'serve', options: { report: exchange.command.at(-1) } });
    for (const name of Object.keys(env)) expect([...read]).toContain(name);
  });
});
