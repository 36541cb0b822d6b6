/**
 * A small Dockerfile reader for tests that check the Dockerfile against the code, since no Docker
 * engine is needed to know whether its flags, ports, paths and scripts are real.
 */

/** One instruction: 1-based line where it starts, keyword in upper case, argument text (continuations joined). */
export interface Instruction {
  line: number;
  keyword: string;
  args: string;
}

/** A build stage: everything from one FROM to the next. */
export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Reads instructions, skipping comments and blank lines and joining lines that end in `\`. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continues = trimmed.endsWith('\\');
    const piece = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending ? { line: pending.line, text: `${pending.text} ${piece}` } : { line: i + 1, text: piece };
    if (continues) return;
    const m = /^(\S+)\s*(.*)$/.exec(pending.text);
    if (!m) throw new Error(`Dockerfile line ${pending.line}: expected an instruction, found "${pending.text}"`);
    out.push({ line: pending.line, keyword: (m[1] as string).toUpperCase(), args: (m[2] as string).trim() });
    pending = undefined;
  });
  if (pending) throw new Error(`Dockerfile line ${pending.line}: the file ends inside a line continuation`);
  return out;
}

/** Splits the instructions into stages at each `FROM image [AS name]`. */
export function stagesOf(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const [image, as, name] = splitFlags(ins.args).rest.split(/\s+/);
      if (!image || (as !== undefined && (as.toUpperCase() !== 'AS' || !name))) throw new Error(`line ${ins.line}: expected FROM image [AS name]`);
      stages.push({ image, name, instructions: [] });
    } else {
      const current = stages.at(-1);
      if (!current) throw new Error(`line ${ins.line}: ${ins.keyword} before any FROM`);
      current.instructions.push(ins);
    }
  }
  return stages;
}

/** Separates leading `--name=value` flags (COPY --from, HEALTHCHECK --interval) from the rest. */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (let m = /^--([a-z-]+)=(\S+)\s*/.exec(rest); m; m = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
    flags[m[1] as string] = m[2] as string;
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/** The argv of an exec-form command (`["node", "app.js"]`); shell form is refused, as it breaks signals. */
export function execForm(args: string): string[] {
  if (!args.startsWith('[')) throw new Error(`expected exec form ["cmd", "arg"], found shell form: ${args}`);
  const argv: unknown = JSON.parse(args);
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) throw new Error(`expected a JSON array of strings: ${args}`);
  return argv as string[];
}

/** The health check's argv, from `HEALTHCHECK [--flag=value…] CMD [...]`. */
export function healthcheckArgv(ins: Instruction): string[] {
  const { rest } = splitFlags(ins.args);
  const m = /^CMD\s+(.*)$/.exec(rest);
  if (!m) throw new Error(`line ${ins.line}: expected HEALTHCHECK [options] CMD [...], found ${ins.args}`);
  return execForm(m[1] as string);
}

/** Whether a context path is excluded by `.dockerignore` patterns (plain names and `*` globs, anchored at the context root). */
export function dockerignored(path: string, dockerignore: string): boolean {
  const patterns = dockerignore.split('\n').map((l) => l.trim().replace(/^\/+|\/+$/g, '')).filter((l) => l && !l.startsWith('#'));
  const parts = path.split('/');
  return patterns.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return parts.some((_, i) => re.test(parts.slice(0, i + 1).join('/')));
  });
}

/** A COPY or ADD: the stage it copies from (`--from`, else the build context), its sources and its destination. */
export function copyParts(ins: Instruction): { from: string | undefined; sources: string[]; dest: string } {
  const { flags, rest } = splitFlags(ins.args);
  const parts = rest.startsWith('[') ? execForm(rest) : rest.split(/\s+/);
  if (parts.length < 2) throw new Error(`line ${ins.line}: expected ${ins.keyword} SOURCE... DEST, found ${ins.args}`);
  return { from: flags.from, sources: parts.slice(0, -1), dest: parts.at(-1) as string };
}

/** A Docker duration (`1m30s`, `500ms`, `5s`) in milliseconds. */
export function dockerDuration(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const pieces = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)];
  if (pieces.length === 0 || pieces.map((p) => p[0]).join('') !== text) throw new Error(`expected a duration such as 1s or 1m30s, found "${text}"`);
  return pieces.reduce((ms, p) => ms + Number(p[1]) * (units[p[2] as string] as number), 0);
}

/** The HEALTHCHECK's schedule in milliseconds, with Docker's defaults for flags it leaves out. */
export interface HealthSchedule {
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}

/** The schedule of a `HEALTHCHECK --interval=… --start-period=… CMD …` instruction. */
export function healthSchedule(ins: Instruction): HealthSchedule {
  const { flags } = splitFlags(ins.args);
  const ms = (name: string, fallback: string): number => dockerDuration(flags[name] ?? fallback);
  return { interval: ms('interval', '30s'), timeout: ms('timeout', '30s'), startPeriod: ms('start-period', '0s'), startInterval: ms('start-interval', '5s'), retries: Number(flags.retries ?? 3) };
}

/** When Docker first probes a new container: after the start interval while a start period runs, else after the interval. */
export const firstProbeAt = (s: HealthSchedule): number => (s.startPeriod > 0 ? s.startInterval : s.interval);
