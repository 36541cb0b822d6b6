/**
 * Builds the Dockerfile's stages without a Docker engine: each stage gets a folder of its own that
 * stands for its file system, holding exactly what its COPY instructions put there (from the build
 * context through `.dockerignore`, or from an earlier stage's folder), and its RUN steps run there on
 * this machine's Node and npm. A stage that cannot build from what it copies fails here as it would
 * in `docker build`. The base image is the one thing not reproduced: its Node and npm are this
 * machine's.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import { promisify } from 'node:util';
import { copyParts, dockerignored, execForm, type Instruction, type Stage } from '../server/test/dockerfile.js';

/** A stage once built: its folder (the container's `/`), working directory, environment and the instructions that describe its container. */
export interface BuiltStage {
  rootfs: string;
  workdir: string;
  env: Record<string, string>;
  config: Instruction[];
}

/** What every stage's build shares: the build context, its `.dockerignore` text, and npm's cache. */
export interface BuildContext {
  context: string;
  dockerignore: string;
  npmCache: string;
}

const CONFIG = new Set(['EXPOSE', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'USER', 'LABEL', 'STOPSIGNAL']);

/** Builds every stage in order, each in a folder under `scratch`; the last one is the image. */
export async function buildStages(stages: Stage[], ctx: BuildContext, scratch: string): Promise<BuiltStage[]> {
  const built: BuiltStage[] = [];
  for (const [i, stage] of stages.entries()) {
    const byName = (name: string): BuiltStage => {
      const at = stages.findIndex((s) => s.name === name);
      if (at < 0 || at >= i) throw new Error(`FROM ${stage.image}: COPY --from=${name} names no earlier stage`);
      return built[at] as BuiltStage;
    };
    built.push(await buildStage(stage, join(scratch, `stage-${i}`), ctx, byName));
  }
  return built;
}

async function buildStage(stage: Stage, rootfs: string, ctx: BuildContext, stageNamed: (name: string) => BuiltStage): Promise<BuiltStage> {
  const out: BuiltStage = { rootfs, workdir: '/', env: {}, config: [] };
  mkdirSync(rootfs, { recursive: true });
  for (const ins of stage.instructions) {
    if (ins.keyword === 'WORKDIR') {
      out.workdir = posix.resolve(out.workdir, ins.args);
      mkdirSync(join(rootfs, out.workdir), { recursive: true });
    } else if (ins.keyword === 'ENV') {
      for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|\S*)/g)) out.env[m[1] as string] = (m[2] as string).replace(/^"|"$/g, '');
    } else if (ins.keyword === 'COPY') {
      copy(ins, out, ctx, stageNamed);
    } else if (ins.keyword === 'RUN') {
      await run(ins, out, ctx);
    } else if (CONFIG.has(ins.keyword)) {
      out.config.push(ins);
    } else {
      throw new Error(`Dockerfile line ${ins.line}: the emulated build does not know ${ins.keyword}`);
    }
  }
  return out;
}

function copy(ins: Instruction, stage: BuiltStage, ctx: BuildContext, stageNamed: (name: string) => BuiltStage): void {
  const { from, sources, dest } = copyParts(ins);
  const into = sources.length > 1 || dest.endsWith('/');
  for (const src of sources) {
    const origin = from === undefined ? join(ctx.context, posix.normalize(src)) : join(stageNamed(from).rootfs, posix.resolve('/', src));
    if (from === undefined && dockerignored(posix.normalize(src), ctx.dockerignore)) throw new Error(`Dockerfile line ${ins.line}: ${src} is excluded by .dockerignore`);
    if (!existsSync(origin)) throw new Error(`Dockerfile line ${ins.line}: COPY ${src}: no such file${from === undefined ? ' in the build context' : ` in stage ${from}`}`);
    const target = join(stage.rootfs, posix.resolve(stage.workdir, dest), into && !statSync(origin).isDirectory() ? basename(src) : '');
    mkdirSync(dirname(target), { recursive: true });
    const skip = (path: string): boolean => from === undefined && dockerignored(relative(ctx.context, path).split('\\').join('/'), ctx.dockerignore);
    cpSync(origin, target, { recursive: true, filter: (path) => !skip(path) });
  }
}

/**
 * Runs a RUN step in the stage's working directory with the stage's environment, a home of its
 * own and npm's cache reached through a link (so `npm cache clean` removes the link, not the
 * cache), preferring what that cache holds. Absolute paths are refused: here they would be this
 * machine's.
 */
async function run(ins: Instruction, stage: BuiltStage, ctx: BuildContext): Promise<void> {
  if (/(^|[\s;&|'"=])\/(?!\/)/.test(ins.args)) throw new Error(`Dockerfile line ${ins.line}: the emulated build runs RUN steps on this machine and refuses absolute paths: ${ins.args}`);
  const home = join(stage.rootfs, '..', `home-${ins.line}`);
  mkdirSync(join(home, '.npm'), { recursive: true });
  if (existsSync(join(ctx.npmCache, '_cacache'))) symlinkSync(join(ctx.npmCache, '_cacache'), join(home, '.npm', '_cacache'), 'dir');
  const env = {
    PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: home, ...stage.env,
    npm_config_cache: join(home, '.npm'), npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false',
  };
  const argv = ins.args.startsWith('[') ? execForm(ins.args) : ['sh', '-c', ins.args];
  try {
    await promisify(execFile)(argv[0] as string, argv.slice(1), { cwd: join(stage.rootfs, stage.workdir), env, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    const tail = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`Dockerfile line ${ins.line}: RUN ${ins.args} exited with code ${e.code}:\n${tail}`);
  }
}
