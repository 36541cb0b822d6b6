import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
 * The environment that sends a bot's calls to Kraken's own hosts through the transparent proxy,
 * as each common runtime reads it: the proxy (HTTPS_PROXY/https_proxy; NODE_USE_ENV_PROXY for
 * Node's own fetch and http from Node 24), loopback kept direct (NO_PROXY), and the CA to trust
 * (NODE_EXTRA_CA_CERTS for Node; SSL_CERT_FILE for OpenSSL, curl and Python's ssl;
 * REQUESTS_CA_BUNDLE for requests; CURL_CA_BUNDLE for curl).
 */
export function proxyEnv(proxyUrl: string, caFile: string, bundleFile: string, inherited: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const noProxy = [inherited.NO_PROXY ?? inherited.no_proxy, '127.0.0.1', 'localhost', '::1'].filter((x) => x).join(',');
  return {
    HTTPS_PROXY: proxyUrl, https_proxy: proxyUrl, NO_PROXY: noProxy, no_proxy: noProxy, NODE_USE_ENV_PROXY: '1',
    NODE_EXTRA_CA_CERTS: caFile, SSL_CERT_FILE: bundleFile, REQUESTS_CA_BUNDLE: bundleFile, CURL_CA_BUNDLE: bundleFile,
  };
}
