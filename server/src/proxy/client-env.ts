import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realDeadline } from '../clock/host.js';
import type { ClientConnection } from '../control/control-api.js';
import { authorityDir } from './ca-dir.js';
import { proxyEnv, writeBundle } from './bot-env.js';

/** How `chaos-exchange env` writes the variables: shell `export` lines, or a dotenv file (`docker run --env-file`, compose `env_file`). */
export type EnvFormat = 'sh' | 'dotenv';

/** A problem reaching the server or reading its answer, told in one line. */
export class ClientEnvError extends Error {}

/** The server's ClientConnection, from its control API (`GET /__chaos/connection`). */
async function connection(url: string, token: string | undefined): Promise<ClientConnection> {
  const where = `${url.replace(/\/+$/, '')}/__chaos/connection`;
  let res: Response;
  try {
    res = await fetch(where, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: realDeadline(10_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new ClientEnvError(`cannot reach chaos-exchange at ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message} (is \`chaos-exchange serve\` running there? --url says where)`);
  }
  const text = await res.text();
  if (!res.ok) {
    let why = text.slice(0, 300);
    try {
      why = (JSON.parse(text) as { error?: string }).error ?? why;
    } catch {
      // Not JSON: the text as it is.
    }
    throw new ClientEnvError(`chaos-exchange at ${url} answered ${res.status}: ${why}`);
  }
  const body = JSON.parse(text) as ClientConnection;
  if (!Array.isArray(body.accounts) || typeof body.proxy?.ca !== 'string') throw new ClientEnvError(`${where} is not a chaos-exchange connection answer`);
  return body;
}

/**
 * The variables that point a client started by hand (or in another container) at the exchange at
 * `url`: its URLs and the first account's key and secret (CHAOS_EXCHANGE_*, as `run` gives a bot),
 * and the transparent proxy's (proxyEnv) with the server's CA, copied into this machine's CA folder
 * (under `trusted/`, named by its hash) so that the files named exist here.
 */
export async function clientEnv(url: string, token?: string, caDir = authorityDir()): Promise<Record<string, string>> {
  const c = await connection(url, token);
  const base = url.replace(/\/+$/, '');
  const dir = join(caDir, 'trusted', createHash('sha256').update(c.proxy.ca).digest('hex').slice(0, 16));
  mkdirSync(dir, { recursive: true });
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, c.proxy.ca);
  const account = c.accounts[0];
  return {
    CHAOS_EXCHANGE_URL: base, CHAOS_EXCHANGE_WS_URL: base.replace(/^http/, 'ws'), CHAOS_EXCHANGE_STATUS_URL: `${base}/api/v2/status.json`,
    ...(account ? { CHAOS_EXCHANGE_API_KEY: account.key, CHAOS_EXCHANGE_API_SECRET: account.secret } : {}),
    ...proxyEnv({ url: base, hosts: c.proxy.hosts, caFile, bundleFile: writeBundle(caFile) }),
  };
}

/** `vars` as shell `export` lines (single-quoted) or dotenv lines. */
export function formatEnv(vars: Record<string, string>, format: EnvFormat): string {
  const quote = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;
  return Object.entries(vars).map(([k, v]) => (format === 'sh' ? `export ${k}=${quote(v)}` : `${k}=${v}`)).join('\n') + '\n';
}
