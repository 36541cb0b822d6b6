import { timingSafeEqual } from 'node:crypto';

const LOOPBACK_IPS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Whether a peer address is this machine's loopback (IPv4, IPv6, or IPv4 mapped into IPv6). */
export const isLoopbackIp = (ip: string | undefined): boolean => ip !== undefined && LOOPBACK_IPS.has(ip);

/** Whether a caller may use the control API: loopback callers always; others only with the token (when one is set), compared in constant time. */
export function allowed(ip: string | undefined, presented: string | undefined, token: string | undefined): boolean {
  return isLoopbackIp(ip) || tokenMatches(presented, token);
}

/** Whether `presented` is the control token (constant time); false when either is missing. */
export function tokenMatches(presented: string | undefined, token: string | undefined): boolean {
  if (token === undefined || presented === undefined) return false;
  const given = Buffer.from(presented);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** A Host header's shape: a name or IPv4 address, or a bracketed IPv6 address, and an optional port. */
const HOST_HEADER = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(?::\d{1,5})?$/;

/**
 * The host name a Host header (or a bare name) addresses, normalised as a browser would write it:
 * lower case, IPv4 in dotted quads (`127.1` → `127.0.0.1`), IPv6 compressed in brackets, without
 * the port or a trailing dot. Undefined for anything that is not a plain host (`a@b`, `a/b`, junk).
 */
export function hostName(header: string): string | undefined {
  if (!HOST_HEADER.test(header)) return undefined;
  try {
    const name = new URL(`http://${header}`).hostname;
    return name.endsWith('.') ? name.slice(0, -1) : name;
  } catch {
    return undefined;
  }
}

/** Whether a normalised host name (see hostName) can only mean this machine: `localhost` (and `*.localhost`), 127.0.0.0/8 or `[::1]`. */
export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(name)) return true;
  // [::1], and 127.x.x.x written as an IPv4-mapped IPv6 address ([::ffff:7f00:1] once normalised).
  return name === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(name);
}

/**
 * Whether a request's Host header names a host the control API answers for: a loopback name or
 * address (any port), or one of `extra` (the address the server was told to bind, and the
 * `--allowed-host` names). A page that got its own name to resolve to 127.0.0.1 (DNS rebinding)
 * still sends its own name, and is refused here. A request without a Host header cannot come
 * from a browser, and passes.
 */
export function hostAllowed(header: string | undefined, extra: ReadonlySet<string>): boolean {
  if (header === undefined) return true;
  const name = hostName(header);
  return name !== undefined && (isLoopbackName(name) || extra.has(name));
}

/** The set of extra host names (bind address, `--allowed-host`), normalised as hostAllowed compares them; names that are not hosts are left out. */
export function allowedHostSet(names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const n of names) {
    const name = hostName(n.includes(':') && !n.startsWith('[') ? `[${n}]` : n);
    if (name !== undefined) out.add(name);
  }
  return out;
}

/**
 * Why a request that changes something is refused as coming from a page of another site, or
 * undefined when it may go on. Browsers send `Origin` with every cross-site POST and
 * `Sec-Fetch-Site` with every request; command-line callers send neither. Refused: an Origin
 * whose scheme, host or port differ from the server's own (`http://` + Host), an unreadable one
 * (`null` from a sandboxed frame or a file), and `Sec-Fetch-Site` other than `same-origin` or
 * `none` (a typed address). Reading methods (GET, HEAD) are never refused here: a page of another
 * site cannot read the answer.
 */
export function crossSiteReason(method: string, headers: { origin?: string | undefined; host?: string | undefined; 'sec-fetch-site'?: string | undefined }): string | undefined {
  if (method === 'GET' || method === 'HEAD') return undefined;
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `the control API refuses ${method} from a page of another site (Sec-Fetch-Site: ${site})`;
  if (headers.origin === undefined) return undefined;
  if (!sameOrigin(headers.origin, headers.host)) return `the control API refuses ${method} from a page of another site (Origin ${headers.origin})`;
  return undefined;
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const o = new URL(origin);
    const own = new URL(`http://${host}`);
    return o.protocol === 'http:' && o.host === own.host;
  } catch {
    return false;
  }
}

/** Whether a request that changes something comes from a page of another site (see crossSiteReason). */
export function crossSite(method: string, origin: string | undefined, host: string | undefined): boolean {
  return crossSiteReason(method, { origin, host }) !== undefined;
}
