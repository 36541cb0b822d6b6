import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../server/src/scenario/builtin.js';
import { firstProbeAt, healthSchedule, parseDockerfile, stagesOf, type Instruction } from '../server/test/dockerfile.js';
import { startCmd, untilHealthy, type Started } from './container-health.js';
import { buildAndRunImage, dockerEngineAnswers } from './docker-engine.js';
import { buildStages, type BuiltStage } from './dockerfile-emulate.js';

// Whether the image builds from exactly what the Dockerfile copies, and how soon its container is
// healthy: with Docker where its engine answers, else by building each stage in a folder of its own.

const root = packageRoot();
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const stages = stagesOf(parseDockerfile(read('Dockerfile')));
const healthcheck = stages.at(-1)?.instructions.find((i) => i.keyword === 'HEALTHCHECK') as Instruction;
const schedule = healthSchedule(healthcheck);
const engine = dockerEngineAnswers();

describe.runIf(engine)('the image, built by Docker', () => {
  it('builds, runs, and is healthy within its start period', async () => {
    expect(await buildAndRunImage(root, schedule.startPeriod)).toBeLessThan(firstProbeAt(schedule) + 2 * schedule.startInterval + 1000);
  });
});

describe.skipIf(engine)('the Dockerfile, each stage built without Docker from exactly what it copies', () => {
  let scratch = '';
  let started: Started | undefined;
  afterAll(async () => {
    await started?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('every stage builds, and the image CMD turns healthy by its HEALTHCHECK, then stops on SIGTERM', async () => {
    const npmCache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
    scratch = mkdtempSync(join(tmpdir(), 'chaos-dockerfile-'));
    const built = await buildStages(stages, { context: root, dockerignore: read('.dockerignore'), npmCache }, scratch);
    const image = built.at(-1) as BuiltStage;
    started = await startCmd(image);
    const healthyAfter = await untilHealthy(image, started);
    console.log(`healthy ${Math.round(healthyAfter)} ms after start (first probe at ${firstProbeAt(schedule)} ms)`);
    // Healthy at the first probe, or one of the next two on a slow machine: seconds, not the interval.
    expect(healthyAfter).toBeLessThan(firstProbeAt(schedule) + 2 * schedule.startInterval + 1000);
    const code = await started.stop();
    started = undefined;
    expect(code).toBe(0);
  });
});
