// The JSON API: one fetch wrapper, RFC 9457 problems as errors, and the
// graph version every response carries.

const versionListeners = new Set();
let lastVersion = null;

/** A problem+json answer (or a network failure) as an Error. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The problem's slug: `urn:servicemap:problem:no-path` -> `no-path`. */
  get kind() {
    return String(this.problem.type ?? '').split(':').pop();
  }
}

/** `fn(version)` whenever a response names a graph version. */
export function onVersion(fn) {
  versionListeners.add(fn);
  if (lastVersion) fn(lastVersion);
}

function noteVersion(version) {
  if (!version || version === lastVersion) return;
  lastVersion = version;
  for (const fn of versionListeners) fn(version);
}

/** The URL of `path` with `params` (arrays repeat the key; empty values are dropped). */
export function url(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null || v === '' || v === false) continue;
      query.append(key, v === true ? 'true' : String(v));
    }
  }
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

let revalidateUntil = 0;

/**
 * For the next `ms`, every GET revalidates with the server even within
 * its answer's max-age: after a reload the same URL answers with the new
 * version (an unchanged answer costs a 304).
 */
export function revalidateFor(ms) {
  revalidateUntil = Date.now() + ms;
}

/** GET a JSON document; throws ApiError on any non-2xx answer. */
export async function get(path, params = {}, { signal } = {}) {
  let response;
  try {
    response = await fetch(url(path, params), {
      headers: { accept: 'application/json' },
      cache: Date.now() < revalidateUntil ? 'no-cache' : 'default',
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached.' });
  }
  noteVersion(response.headers.get('x-graph-version'));
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}
