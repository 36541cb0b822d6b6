import { accessSync, closeSync, constants, openSync, readSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Programs that are Node.js or run their work in Node.js processes, which inherit NODE_OPTIONS. */
const NODE_PROGRAMS = new Set(['node', 'nodejs', 'npm', 'npx', 'yarn', 'yarnpkg', 'pnpm', 'pnpx', 'corepack']);

/** Where `program` is: itself when it names a path, else the first executable of that name on `path`. */
function resolveProgram(program: string, path: string | undefined, cwd: string): string | undefined {
  if (program.includes('/') || program.includes('\\')) return isAbsolute(program) ? program : join(cwd, program);
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, program);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not here (or not executable): the next folder on the PATH.
    }
  }
  return undefined;
}

/** The first line of `file` when it is a `#!` line, else undefined (also when it cannot be read). */
function shebang(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(256);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    return text.startsWith('#!') ? text.split('\n', 1)[0] : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Whether `command` runs as Node.js: its program is `node` or a Node package manager (`npm`,
 * `npx`, `yarn`, `pnpm`, `corepack`, by name or path, `.exe`/`.cmd` ignored), or a script whose
 * `#!` line runs `node` (`#!/usr/bin/env node`: the launchers npm installs, such as `tsx`), looked up on
 * `env.PATH` when it is a bare name. A shell or another runtime that happens to start Node is not.
 */
export function isNodeCommand(command: readonly string[], env: Record<string, string | undefined> = process.env, cwd = process.cwd()): boolean {
  const program = command[0];
  if (program === undefined || program === '') return false;
  const name = (program.split(/[\\/]/).pop() ?? '').replace(/\.(exe|cmd|bat)$/i, '').toLowerCase();
  if (NODE_PROGRAMS.has(name)) return true;
  const file = resolveProgram(program, env.PATH, cwd);
  const line = file === undefined ? undefined : shebang(file);
  return line !== undefined && /[\s/]node(js)?(\s|$)/.test(line);
}
