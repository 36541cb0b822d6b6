/**
 * Bodies that the edge in front of an exchange really serves when the origin is in trouble:
 * Cloudflare's error pages (by status), nginx's gateway page, a plain 500, a 429 and a 403 block
 * page. Text is our own, shaped like the real pages (title, status line, ray id) so that clients
 * which sniff HTML or status codes meet what they would meet in production.
 */
export type PageStyle = 'cloudflare' | 'nginx' | 'plain';

const CF_TITLES: Record<number, string> = {
  500: 'Internal server error', 502: 'Bad gateway', 503: 'Service unavailable', 504: 'Gateway time-out',
  520: 'Web server is returning an unknown error', 521: 'Web server is down', 522: 'Connection timed out',
  523: 'Origin is unreachable', 524: 'A timeout occurred', 525: 'SSL handshake failed', 429: 'Too many requests',
  403: 'Access denied',
};

const REASONS: Record<number, string> = {
  403: 'Forbidden', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The edge page for `status` in a given style, with the headers that page comes with. `host` is
 * the API host the dialect's pages name (Cloudflare titles read `<host> | 502: Bad gateway`);
 * without one the title names no host.
 */
export function edgePage(status: number, style: PageStyle, rayId: string, host?: string): { headers: Record<string, string>; body: string } {
  if (style === 'plain') {
    return { headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${status} ${REASONS[status] ?? 'Error'}\n` };
  }
  if (style === 'nginx') {
    const reason = REASONS[status] ?? 'Error';
    return {
      headers: { 'content-type': 'text/html', server: 'nginx' },
      body: `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    };
  }
  const title = CF_TITLES[status] ?? 'Error';
  const code = status === 403 ? 'Error 1020' : `Error code ${status}`;
  return {
    headers: { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare', 'cf-ray': `${rayId}-FRA` },
    body: `<!DOCTYPE html>
<html lang="en-US">
<head><title>${host ? `${host} | ` : ''}${status}: ${title}</title><meta charset="UTF-8"></head>
<body>
<div id="cf-wrapper">
  <h1><span class="inline-block">${title}</span> <span class="code-label">${code}</span></h1>
  <p>Visit <a href="https://www.cloudflare.com/5xx-error-landing">cloudflare.com</a> for more information.</p>
  <div class="cf-error-footer">Cloudflare Ray ID: <strong>${rayId}</strong></div>
</div>
</body>
</html>
`,
  };
}

/** A Cloudflare-style ray id (16 hex digits) from a seeded stream. */
export function rayId(rng: { int(min: number, max: number): number }): string {
  return Array.from({ length: 16 }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
}
