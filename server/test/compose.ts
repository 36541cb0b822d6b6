/**
 * Compose's variable interpolation and `environment` lists, for tests that check compose files
 * against the CLI without a Docker engine.
 */

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}` and `$$`, against the shell's variables. */
export function interpolate(value: string, shell: Record<string, string>): string {
  return value.replace(/\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g, (all, name: string, op: string | undefined, arg: string) => {
    if (all === '$$') return '$';
    const v = shell[name];
    if (op === ':-') return v ? v : arg;
    if (op === '-') return v ?? arg;
    if (op === ':?' || op === '?') {
      if (op === ':?' ? !v : v === undefined) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return v as string;
    }
    return v ?? '';
  });
}

/** A container's environment from compose's list form; a bare `NAME` passes the shell's value through or stays unset. */
export function composeEnv(list: string[], shell: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? shell[item] : interpolate(item.slice(eq + 1), shell);
    if (value !== undefined) env[name] = value;
  }
  return env;
}
