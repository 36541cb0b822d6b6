/**
 * Starts a built stage's CMD as its container would (its working directory, only its ENV, on a
 * free port instead of the exposed one) and probes it with its HEALTHCHECK on Docker's schedule,
 * to learn how long after start a container is known to be healthy.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { realNow, waitReal } from '../server/src/clock/host.js';
import { execForm, firstProbeAt, healthcheckArgv, healthSchedule, type Instruction } from '../server/test/dockerfile.js';
import type { BuiltStage } from './dockerfile-emulate.js';

/** A running container command: the port it listens on, and a way to stop it as `docker stop` does. */
export interface Started {
  port: number;
  startedAt: number;
  stop(): Promise<number | null>;
}

function only(stage: BuiltStage, keyword: string): Instruction {
  const found = stage.config.filter((i) => i.keyword === keyword);
  if (found.length !== 1) throw new Error(`expected one ${keyword} in the image, found ${found.length}`);
  return found[0] as Instruction;
}

/** Starts the stage's CMD with `--port 0` in place of its port, resolving once it prints where it listens. */
export function startCmd(stage: BuiltStage): Promise<Started> {
  const argv = execForm(only(stage, 'CMD').args);
  const at = argv.indexOf('--port');
  if (at < 0) throw new Error(`the CMD ${argv.join(' ')} sets no --port to replace with a free one`);
  argv[at + 1] = '0';
  const startedAt = realNow();
  const env = { PATH: `${process.execPath.replace(/\/[^/]+$/, '')}:/usr/local/bin:/usr/bin:/bin`, HOME: join(stage.rootfs, '..'), ...stage.env };
  const child = spawn(argv[0] === 'node' ? process.execPath : (argv[0] as string), argv.slice(1), { cwd: join(stage.rootfs, stage.workdir), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`the CMD exited with code ${code} before it listened:\n${stderr}`)));
    createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> }).on('line', (line) => {
      const m = /listening on http:\/\/[^\s:]+:(\d+)/.exec(line);
      if (m) resolve({ port: Number(m[1]), startedAt, stop: () => (child.kill('SIGTERM'), exited) });
    });
  });
}

/** Runs the health check's command once against `port`; true when it exits 0 within the timeout. */
function probe(ins: Instruction, exposed: number, port: number, timeout: number): Promise<boolean> {
  const argv = healthcheckArgv(ins).map((a) => a.replaceAll(`127.0.0.1:${exposed}`, `127.0.0.1:${port}`).replaceAll(`localhost:${exposed}`, `localhost:${port}`));
  return new Promise((resolve) => {
    execFile(argv[0] === 'node' ? process.execPath : (argv[0] as string), argv.slice(1), { timeout }, (err) => resolve(err === null));
  });
}

/**
 * Probes on Docker's schedule (every start interval during the start period, then every interval)
 * and resolves with the milliseconds from start to the first passing probe; rejects when the
 * container would turn unhealthy: `retries` failures in a row once the start period is over.
 */
export async function untilHealthy(stage: BuiltStage, started: Started): Promise<number> {
  const ins = only(stage, 'HEALTHCHECK');
  const schedule = healthSchedule(ins);
  const exposed = Number.parseInt(only(stage, 'EXPOSE').args, 10);
  let failures = 0;
  for (let next = started.startedAt + firstProbeAt(schedule); ; ) {
    await waitReal(Math.max(0, next - realNow()));
    const passed = await probe(ins, exposed, started.port, schedule.timeout);
    const since = realNow() - started.startedAt;
    if (passed) return since;
    const starting = since < schedule.startPeriod;
    if (!starting && ++failures >= schedule.retries) throw new Error(`unhealthy: ${failures} failed health checks in a row, ${Math.round(since)} ms after start`);
    next = realNow() + (starting ? schedule.startInterval : schedule.interval);
  }
}
