import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder the transparent proxy's CA is kept in: CHAOS_EXCHANGE_CA_DIR, else XDG_DATA_HOME/chaos-exchange, else ~/.local/share/chaos-exchange. */
export function authorityDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHAOS_EXCHANGE_CA_DIR) return env.CHAOS_EXCHANGE_CA_DIR;
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'chaos-exchange');
}
