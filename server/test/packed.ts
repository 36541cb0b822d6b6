import { execFile } from 'node:child_process';
import { mkdir, rename, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The package as `npm pack` makes it: the tarball's file list, and where it was unpacked. */
export interface Packed {
  /** Paths inside the tarball, relative to its root (`package.json`, `dist/…`). */
  files: string[];
  /** The unpacked package, as `node_modules/chaos-exchange` of the consumer project `consumer`. */
  dir: string;
  consumer: string;
}

/**
 * Packs the package at `root` into `work` (without its `prepare` build: the tests' global set-up
 * has just built dist/) and unpacks it into `work/consumer/node_modules/chaos-exchange`, as an
 * install of the tarball would lay it out.
 */
export async function packInto(root: string, work: string): Promise<Packed> {
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error(`npm pack printed no package: ${stdout}`);
  const consumer = join(work, 'consumer');
  const dir = join(consumer, 'node_modules/chaos-exchange');
  await mkdir(dirname(dir), { recursive: true });
  await exec('tar', ['-xzf', join(work, info.filename), '-C', work]);
  await rename(join(work, 'package'), dir);
  return { files: info.files.map((f) => f.path), dir, consumer };
}

/**
 * Makes each of `names` resolvable from `consumer` by linking it to the copy installed in
 * `root/node_modules` (no registry, no network): only these, so a type the package needs and does
 * not declare stays missing, as it would for a user.
 */
export async function linkModules(root: string, consumer: string, names: string[]): Promise<void> {
  for (const name of names) {
    const at = join(consumer, 'node_modules', name);
    await mkdir(dirname(at), { recursive: true });
    await symlink(join(root, 'node_modules', name), at, 'dir');
  }
}

/** Runs the TypeScript compiler of `root` on the project `tsconfig` in `cwd`; resolves to its output and exit code. */
export async function typeCheck(root: string, cwd: string, tsconfig: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await exec(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { cwd });
    return { code: 0, output: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
