// @ts-check
// Calls to the control API from the dashboard (same origin: the page is served under /__chaos/ui/).

/** Where the control API is, relative to the page. */
export const BASE = new URL('..', window.location.href).pathname.replace(/\/$/, '');

/** A refused control call, with the server's message and issues. */
export class ApiError extends Error {
  /** @param {string} message @param {{ path: string, message: string }[]} issues */
  constructor(message, issues) {
    super(message);
    this.issues = issues;
  }
}

/**
 * Calls the control API; resolves to the JSON reply, rejects with an ApiError saying what was wrong.
 * @param {string} path @param {unknown} [body] @param {string} [method]
 * @returns {Promise<any>}
 */
export async function call(path, body, method) {
  const init = body === undefined ? { method: method ?? 'GET' } : { method: method ?? 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${BASE}${path}`, init);
  const text = await res.text();
  /** @type {any} */
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(`${res.status}: ${text.slice(0, 200)}`, []);
  }
  if (!res.ok) {
    const issues = Array.isArray(json.issues) ? json.issues : [];
    throw new ApiError(`${json.error ?? res.statusText}${issues.length ? `: ${issues.map((/** @type {any} */ i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ')}` : ''}`, issues);
  }
  return json;
}
