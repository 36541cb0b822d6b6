/**
 * `npx chaos-exchange serve` killed by its parent: npm forwards SIGTERM to the shell it runs the bin
 * under, and that shell (dash) dies without passing it on, so the server was left running with
 * PPID 1. Real npx, offline: a consumer project whose node_modules links this package.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { PARENT_POLL_MS } from '../src/run/parent-watch.js';
import { packageRoot } from '../src/scenario/builtin.js';

const children: ChildProcess[] = [];
afterEach(() => {
  // npx runs in a process group of its own: whatever it left behind goes with the group.
  for (const child of children.splice(0)) {
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* the group is gone already */ }
  }
});

/** A project that depends on chaos-exchange, installed as a link to this package (no registry needed). */
function consumer(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'chaos-npx-')));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(packageRoot(), join(dir, 'node_modules', 'chaos-exchange'));
  symlinkSync('../chaos-exchange/bin/chaos-exchange.js', join(dir, 'node_modules', '.bin', 'chaos-exchange'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { 'chaos-exchange': `file:${packageRoot()}` } }));
  return dir;
}

/** Whether something answers HTTP at `url` (a refused connection: nothing listens any more). */
const answers = (url: string): Promise<boolean> => fetch(`${url}/0/public/Time`).then(() => true, () => false);

describe('npx chaos-exchange serve', () => {
  it('closes when SIGTERM reaches npx, instead of living on as an orphan', async () => {
    const cwd = consumer();
    const env: NodeJS.ProcessEnv = { ...process.env, CHAOS_EXCHANGE_CA_DIR: join(cwd, 'ca') };
    for (const name of Object.keys(env)) if (name.startsWith('npm_')) delete env[name];
    const npx = spawn('npx', ['--no-install', 'chaos-exchange', 'serve', '--port', '0'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(npx);
    const lines = createInterface({ input: npx.stdout! });
    const url = await new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const m = /^chaos-exchange listening on (\S+)$/.exec(line);
        if (m) resolve(m[1]!);
      });
      npx.once('exit', () => reject(new Error('npx exited before the server listened')));
    });
    expect(await answers(url)).toBe(true);
    npx.kill('SIGTERM');
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      await new Promise((r) => setTimeout(r, 100));
      alive = await answers(url);
    }
    expect(alive, 'the server still answers 5 s after npx got SIGTERM').toBe(false);
  });

  it('outside npm, a server whose parent shell is gone (started with & or nohup) keeps serving', async () => {
    const cwd = consumer();
    const env: NodeJS.ProcessEnv = { ...process.env, CHAOS_EXCHANGE_CA_DIR: join(cwd, 'ca') };
    for (const name of Object.keys(env)) if (name.startsWith('npm_')) delete env[name];
    const sh = spawn('sh', ['-c', 'node_modules/.bin/chaos-exchange serve --port 0 & wait'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(sh);
    const url = await new Promise<string>((resolve) => createInterface({ input: sh.stdout! }).on('line', (line) => {
      const m = /^chaos-exchange listening on (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    }));
    sh.kill('SIGKILL');
    // Longer than the parent watch's poll: it would have closed by now if it watched.
    await new Promise((r) => setTimeout(r, PARENT_POLL_MS * 2.5));
    expect(await answers(url)).toBe(true);
  });
});
