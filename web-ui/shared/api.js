// Talking to the server: JSON or multipart in, JSON out, and every failure as an `ApiError` that carries the
// RFC 9457 problem the server sent (its stable `code`, `detail`, field `errors` and `request_id`), or says
// the server could not be reached. `explain` turns one into words for the screen.

import { t, has } from './i18n.js';

/** A failed call. `code` is the problem's code, or `offline` / `timeout` / `http_<status>` without one. */
export class ApiError extends Error {
  constructor({ status = 0, problem = null, code = null, requestId = null } = {}) {
    const detail = problem && typeof problem.detail === 'string' ? problem.detail : null;
    super(detail || problem?.title || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = (problem && typeof problem.code === 'string' && problem.code) || code || `http_${status}`;
    this.detail = detail;
    this.title = problem && typeof problem.title === 'string' ? problem.title : null;
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
    this.requestId = (problem && typeof problem.request_id === 'string' && problem.request_id) || requestId;
    /** The whole problem+json answer, for a screen that reads more of it (an import's list of problems). */
    this.problem = problem && typeof problem === 'object' ? problem : null;
  }

  /** The server was not reached, or did not answer in time: trying again may help. */
  get offline() {
    return this.code === 'offline' || this.code === 'timeout';
  }
}

/**
 * One call. `json` sends JSON, `form` a `FormData` (multipart; the browser sets the boundary); `token` a
 * bearer token; `headers` more headers (an `Idempotency-Key`, say); `meta`, an object that receives the answer's
 * `headers`. Resolves with the parsed JSON answer (or `null` when there is none).
 */
export async function request(path, { method = 'GET', json, form, token, headers: extra = {}, meta, timeoutMs = 30000 } = {}) {
  const headers = { Accept: 'application/json, application/problem+json', ...extra };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form;
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
  let response;
  try {
    response = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'omit', signal: controller.signal });
  } catch {
    throw new ApiError({ code: timedOut ? 'timeout' : 'offline' });
  } finally {
    clearTimeout(timer);
  }
  if (meta) meta.headers = response.headers;
  const type = (response.headers.get('content-type') || '').toLowerCase();
  let data = null;
  if (type.includes('json')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : null;
    throw new ApiError({ status: response.status, problem, requestId: response.headers.get('x-request-id') });
  }
  return data;
}

/**
 * What to tell people about `err`: `message` in the current language (the screen's `error_<code>` words,
 * else words for the kind of failure, else the server's own `detail`), and the `code` and `requestId` to
 * quote when they ask for help. `overrides` maps codes to other string keys for this one place.
 */
export function explain(err, overrides = {}) {
  if (!(err instanceof ApiError)) {
    return { message: t('error_unknown', { detail: String(err?.message || err) }), code: null, requestId: null };
  }
  const { code, status } = err;
  let key = overrides[code] || `error_${code}`;
  if (!has(key)) {
    if (status === 413) key = 'error_payload_too_large';
    else if (status === 429) key = 'error_too_many_requests';
    else if (status >= 500) key = 'error_server';
    else key = null;
  }
  const message = key ? t(key) : t('error_unknown', { detail: err.detail || err.title || code });
  return { message, code: err.offline ? null : code, requestId: err.requestId };
}
