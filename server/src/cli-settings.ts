/**
 * The environment variables the CLI reads, each a CHAOS_EXCHANGE_* name so that generic ones a
 * shell or a tool sets for something else (zsh's HOST, a Procfile runner's PORT) never reach it.
 */
export const ENV_NAMES = {
  port: 'CHAOS_EXCHANGE_PORT', host: 'CHAOS_EXCHANGE_HOST', scenario: 'CHAOS_EXCHANGE_SCENARIO', seed: 'CHAOS_EXCHANGE_SEED',
  speed: 'CHAOS_EXCHANGE_SPEED', clock: 'CHAOS_EXCHANGE_CLOCK', 'journal-size': 'CHAOS_EXCHANGE_JOURNAL_SIZE',
  'order-history': 'CHAOS_EXCHANGE_ORDER_HISTORY', 'control-token': 'CHAOS_EXCHANGE_CONTROL_TOKEN', 'allowed-host': 'CHAOS_EXCHANGE_ALLOWED_HOSTS',
  report: 'CHAOS_EXCHANGE_REPORT', exchange: 'CHAOS_EXCHANGE_DIALECT',
} as const;

/** An option the environment can set, by its flag's name. */
export type EnvOption = keyof typeof ENV_NAMES;

/**
 * Names read before they were renamed, by their new name: no longer read, only noticed. HOST is
 * not among them: zsh sets it on every machine, so a notice about it would only be noise.
 */
const RETIRED: Partial<Record<string, string>> = {
  CHAOS_EXCHANGE_PORT: 'PORT', CHAOS_EXCHANGE_SCENARIO: 'SCENARIO', CHAOS_EXCHANGE_SEED: 'SEED', CHAOS_EXCHANGE_SPEED: 'SPEED',
  CHAOS_EXCHANGE_JOURNAL_SIZE: 'JOURNAL_SIZE', CHAOS_EXCHANGE_ORDER_HISTORY: 'ORDER_HISTORY', CHAOS_EXCHANGE_CONTROL_TOKEN: 'CONTROL_TOKEN',
};

/** A setting's text and where it came from (`--port`, `CHAOS_EXCHANGE_PORT`, or `default`), so a bad value can name its source. */
export interface Setting {
  text: string | undefined;
  from: string;
}

/**
 * Reads options from the flags first, then their CHAOS_EXCHANGE_* variables (an empty variable
 * counts as unset, as compose files often leave them), collecting a notice for each retired name
 * set on its own.
 */
export class Settings {
  /** One line each: an old variable name that is set but no longer read. */
  readonly notices: string[] = [];

  constructor(private readonly flags: Record<string, string | string[] | boolean | undefined>, private readonly rawEnv: NodeJS.ProcessEnv) {}

  /** A variable's value; an empty one is unset. */
  env(name: string): string | undefined {
    const v = this.rawEnv[name];
    return v === '' ? undefined : v;
  }

  /** The flag `--option`, else its variable; `from` names which one (or `default`). */
  get(option: EnvOption): Setting {
    const flag = this.flags[option];
    if (flag !== undefined) return { text: String(flag), from: `--${option}` };
    const name = ENV_NAMES[option];
    const text = this.env(name);
    if (text !== undefined) return { text, from: name };
    const old = RETIRED[name];
    if (old !== undefined && this.env(old) !== undefined) this.notices.push(`${old} is set but no longer read: its new name is ${name}`);
    return { text: undefined, from: 'default' };
  }

  /** Like `get`, with `fallback` when neither the flag nor the variable is set. */
  or(option: EnvOption, fallback: string): Setting & { text: string } {
    const s = this.get(option);
    return { text: s.text ?? fallback, from: s.from };
  }
}

/** The variables that fix the first account's key and secret for `serve` (a bot beside it in compose knows them in advance). */
export const CREDENTIAL_NAMES = { key: 'CHAOS_EXCHANGE_API_KEY', secret: 'CHAOS_EXCHANGE_API_SECRET' } as const;

/**
 * The fixed credentials from the environment: both or neither (undefined); an error message when
 * only one is set or one is malformed. The key is checked as a scenario's account key is; the secret
 * must be the base64 text of 64 bytes, as Kraken's (and the seeded) secrets are. Neither value is
 * echoed in a message.
 */
export function credentialsOf(settings: Settings): { key: string; secret: string } | undefined | string {
  const key = settings.env(CREDENTIAL_NAMES.key);
  const secret = settings.env(CREDENTIAL_NAMES.secret);
  if (key === undefined && secret === undefined) return undefined;
  if (key === undefined || secret === undefined) {
    const [set, unset] = key === undefined ? [CREDENTIAL_NAMES.secret, CREDENTIAL_NAMES.key] : [CREDENTIAL_NAMES.key, CREDENTIAL_NAMES.secret];
    return `${set} is set without ${unset}: set both, or neither for the seeded ones`;
  }
  if (!/^[A-Za-z0-9+/=_-]{8,128}$/.test(key)) {
    const others = /^[A-Za-z0-9+/=_-]*$/.test(key) ? '' : ' with others';
    return `${CREDENTIAL_NAMES.key} expects 8-128 characters of [A-Za-z0-9+/=_-], got ${key.length} characters${others}`;
  }
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/.test(secret) && secret.length % 4 === 0;
  if (!base64 || Buffer.from(secret, 'base64').length !== 64) {
    const what = secret.length === 88 && !base64 ? ' that are not base64' : '';
    return `${CREDENTIAL_NAMES.secret} expects the base64 text of 64 bytes (88 characters, as Kraken's secrets are), got ${secret.length} characters${what}`;
  }
  return { key, secret };
}
