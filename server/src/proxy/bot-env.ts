import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeEnv } from './route-env.js';

/** Where common systems keep their trusted CA bundle (Debian/Ubuntu, Fedora/RHEL, Alpine, macOS with Homebrew's OpenSSL). */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

/**
 * A CA bundle beside `caFile` (bundle.pem): the local CA followed by the system's trusted CAs, so a
 * client told to trust only this file (SSL_CERT_FILE, REQUESTS_CA_BUNDLE) still trusts the real
 * hosts a passthrough proxy tunnels to. Rewritten each time (the system bundle may change).
 */
export function writeBundle(caFile: string): string {
  const system = SYSTEM_BUNDLES.find((f) => existsSync(f));
  const bundle = join(dirname(caFile), 'bundle.pem');
  writeFileSync(bundle, `${readFileSync(caFile, 'utf8').trim()}\n${system ? readFileSync(system, 'utf8') : ''}`);
  return bundle;
}

/**
 * The compiled route preload beside this module (dist/server/src/proxy/ for the library, dist/cli/
 * for the CLI bundle, which server/bundle-cli.mjs writes there). Absent when running from the
 * TypeScript sources.
 */
export const ROUTE_PRELOAD = new URL('./route-preload.js', import.meta.url);

/**
 * NODE_OPTIONS that import the route preload first, then whatever `existing` asked for; undefined
 * when the preload is not built.
 */
export function routeNodeOptions(existing: string | undefined, preload: URL = ROUTE_PRELOAD): string | undefined {
  if (!existsSync(fileURLToPath(preload))) return undefined;
  // A file: URL has no spaces or quotes (they are percent-encoded), so it is one NODE_OPTIONS word.
  const ours = `--import=${preload.href}`;
  return existing?.trim() ? `${ours} ${existing.trim()}` : ours;
}

/** Where a bot's calls to an exchange's own hosts go, and what it must trust there. */
export interface ProxyTarget {
  /** The exchange's proxy, `http://host:port`. */
  url: string;
  /** The host names it serves (the dialect's). */
  hosts: readonly string[];
  /** The local CA's certificate, and the bundle of it with the system's CAs (writeBundle). */
  caFile: string;
  bundleFile: string;
}

/**
 * The environment that sends a bot's calls to the exchange's own hosts through the transparent
 * proxy, as each common runtime reads it: the proxy (HTTPS_PROXY/https_proxy; NODE_USE_ENV_PROXY
 * for Node's own fetch and http from Node 24), loopback kept direct (NO_PROXY), the CA to trust
 * (NODE_EXTRA_CA_CERTS for Node; SSL_CERT_FILE for OpenSSL, curl and Python's ssl;
 * REQUESTS_CA_BUNDLE for requests; CURL_CA_BUNDLE for curl), and for Node clients that ignore
 * proxy variables (`https`, `ws`) the route preload in NODE_OPTIONS with the hosts it routes.
 */
export function proxyEnv(t: ProxyTarget, inherited: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const noProxy = [inherited.NO_PROXY ?? inherited.no_proxy, '127.0.0.1', 'localhost', '::1'].filter((x) => x).join(',');
  const nodeOptions = routeNodeOptions(inherited.NODE_OPTIONS);
  return {
    HTTPS_PROXY: t.url, https_proxy: t.url, NO_PROXY: noProxy, no_proxy: noProxy, NODE_USE_ENV_PROXY: '1',
    NODE_EXTRA_CA_CERTS: t.caFile, SSL_CERT_FILE: t.bundleFile, REQUESTS_CA_BUNDLE: t.bundleFile, CURL_CA_BUNDLE: t.bundleFile,
    ...routeEnv(t.url, t.hosts), ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
  };
}
