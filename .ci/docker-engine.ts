/**
 * The real thing, where a Docker engine answers: build the image from the context, run it, and
 * read Docker's own health status until it says healthy.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { realNow, waitReal } from '../server/src/clock/host.js';

const exec = promisify(execFile);

/** Whether a `docker` command is installed and its engine answers (`docker info` exits 0). */
export function dockerEngineAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the context's Dockerfile, starts the image with its port published on loopback, and
 * resolves with the milliseconds from `docker run` to a healthy status; the container and the
 * image are removed either way. Rejects when the build fails or the container turns unhealthy or
 * exits, or is not healthy within `withinMs`.
 */
export async function buildAndRunImage(context: string, withinMs: number): Promise<number> {
  const tag = `chaos-exchange:dockerfile-check-${process.pid}`;
  await exec('docker', ['build', '-t', tag, context], { maxBuffer: 64 * 1024 * 1024 });
  let id = '';
  try {
    const startedAt = realNow();
    id = (await exec('docker', ['run', '-d', '-p', '127.0.0.1::8080', tag])).stdout.trim();
    for (;;) {
      const { stdout } = await exec('docker', ['inspect', '-f', '{{.State.Status}} {{.State.Health.Status}}', id]);
      const [state, health] = stdout.trim().split(' ');
      if (health === 'healthy') return realNow() - startedAt;
      if (health === 'unhealthy' || state === 'exited') throw new Error(`the container is ${state}, health ${health}:\n${(await exec('docker', ['logs', id])).stderr}`);
      if (realNow() - startedAt > withinMs) throw new Error(`the container is not healthy after ${withinMs} ms (health ${health})`);
      await waitReal(200);
    }
  } finally {
    if (id) await exec('docker', ['rm', '-f', id]);
    await exec('docker', ['rmi', tag]);
  }
}
