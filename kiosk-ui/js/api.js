// The public API, and the kiosk's credentials (kept on the device, in localStorage). Also imported by the service
// worker (sw.js, through outbox.js) to send a phone's waiting reports: nothing here touches `window` or
// localStorage until a kiosk's call needs its credentials, which the service worker never makes.

const CREDENTIALS = 'liaison.kiosk.credentials';

/**
 * A failed call: `offline` when the server could not be reached or is down (5xx), else the problem's code;
 * `retryAfter`: the seconds the server asked to wait (its `Retry-After`), or null.
 */
export class ApiError extends Error {
  constructor(status, problem, offline = false, retryAfter = null) {
    super(problem?.detail || problem?.title || (offline ? 'network down' : `HTTP ${status}`));
    this.status = status;
    this.code = problem?.code || (offline ? 'offline' : 'unknown');
    this.problem = problem;
    this.offline = offline;
    this.retryAfter = retryAfter;
  }
}

/** `Retry-After` in seconds (it is either a number of seconds or an HTTP date), or null. */
function retryAfterSecs(response) {
  const value = response.headers.get('retry-after');
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Whether a failure is worth retrying later (the request may succeed once the server is back). */
export function isTransient(err) {
  return err instanceof ApiError && (err.offline || err.status === 429 || err.status === 408 || err.status >= 500);
}

async function call(path, { method = 'GET', json, body, headers = {}, token, timeoutMs = 20000 } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, cache: 'no-store' };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  if (token) init.headers.Authorization = `Bearer ${token}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  init.signal = controller.signal;
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, null, true);
  } finally {
    clearTimeout(timer);
  }
  const type = response.headers.get('content-type') || '';
  let data = null;
  if (type.includes('json')) {
    try { data = await response.json(); } catch { data = null; }
  }
  if (!response.ok) {
    const down = response.status === 502 || response.status === 503 || response.status === 504 || !type.includes('json');
    throw new ApiError(response.status, data, down && response.status >= 500, retryAfterSecs(response));
  }
  return data;
}

export const api = {
  stations: () => call('/api/v1/stations'),
  station: (code) => call(`/api/v1/stations/${encodeURIComponent(code)}`),
  places: (code) => call(`/api/v1/stations/${encodeURIComponent(code)}/places`),
  dropStatus: (token) => call(`/api/v1/photo-drops/${encodeURIComponent(token)}`),
  dropPhotos: (token, files) => {
    const form = new FormData();
    for (const file of files) form.append('photos', file, file.name || 'photo.jpg');
    return call(`/api/v1/photo-drops/${encodeURIComponent(token)}/photos`, { method: 'POST', body: form, timeoutMs: 90000 });
  },
  onDuty: (code) => call(`/api/v1/stations/${encodeURIComponent(code)}/on-duty`),
  results: (code) => call(`/api/v1/results?station=${encodeURIComponent(code)}&limit=10`),
  receptionDays: (code, days = 21) => call(`/api/v1/stations/${encodeURIComponent(code)}/reception-days?days=${days}`),
  deputies: (code) => call(`/api/v1/stations/${encodeURIComponent(code)}/deputies`),
  deputy: (code) => call(`/api/v1/deputies/${encodeURIComponent(code)}`),
  categories: () => call('/api/v1/categories'),
  track: (code) => call(`/api/v1/reports/track/${encodeURIComponent(code)}`),
  trackAction: (code, action) =>
    call(`/api/v1/reports/track/${encodeURIComponent(code)}/actions`, { method: 'POST', json: action }),
  ready: () => call('/health/ready', { timeoutMs: 5000 }),
  enroll: (code) => call('/api/v1/kiosks/enroll', { method: 'POST', json: { enrollment_code: code } }),
  reportBack: (id) => call(`/api/v1/report-backs/${encodeURIComponent(id)}`),
  reportBackRecord: (id) => call(`/api/v1/report-backs/${encodeURIComponent(id)}/record`),
  phoneCode: (phone) => call('/api/v1/auth/phone/code', { method: 'POST', json: { phone } }),
};

// ---- Credentials --------------------------------------------------------------------------------------------

export function credentials() {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(CREDENTIALS) || 'null');
  } catch {
    return null;
  }
}

function storeTokens(kiosk, tokens) {
  const now = Date.now();
  const saved = {
    kiosk,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    access_expires_at: now + tokens.expires_in * 1000,
  };
  localStorage.setItem(CREDENTIALS, JSON.stringify(saved));
  return saved;
}

export function forgetCredentials() {
  localStorage.removeItem(CREDENTIALS);
}

/** Trades an enrollment code for the kiosk's tokens and keeps them. */
export async function enroll(code) {
  const answer = await api.enroll(code);
  return storeTokens(answer.kiosk, answer.tokens);
}

let refreshing = null;

/**
 * A new token pair for the refresh token. One refresh at a time (a refresh token used twice ends the whole
 * session), shared by everyone who needs it meanwhile.
 */
function refresh() {
  if (!refreshing) {
    const run = async () => {
      const saved = credentials();
      if (!saved) throw new ApiError(401, { code: 'unauthenticated' });
      const tokens = await call('/api/v1/auth/refresh', {
        method: 'POST', json: { refresh_token: saved.refresh_token },
      });
      return storeTokens(saved.kiosk, tokens);
    };
    const locked = navigator.locks ? () => navigator.locks.request('liaison-refresh', run) : run;
    refreshing = locked()
      .catch((err) => {
        if (err.status === 401) globalThis.window?.dispatchEvent(new Event('liaison:reenroll'));
        throw err;
      })
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function accessToken() {
  let saved = credentials();
  if (!saved) return null;
  if (Date.now() > saved.access_expires_at - 60000) saved = await refresh();
  return saved.access_token;
}

/** A call as the kiosk: refreshes the token when it is old or refused, once. */
export async function kioskCall(path, options = {}) {
  const token = await accessToken();
  try {
    return await call(path, { ...options, token });
  } catch (err) {
    if (err.status === 401 && err.code === 'invalid_token' && token) {
      const saved = await refresh();
      return call(path, { ...options, token: saved.access_token });
    }
    throw err;
  }
}

/** A file (an image) as the kiosk: its bytes as a Blob. */
export async function kioskBlob(path) {
  const get = (token) => fetch(path, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  let response;
  try {
    response = await get(await accessToken());
    if (response.status === 401) response = await get((await refresh()).access_token);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(0, null, true);
  }
  if (!response.ok) throw new ApiError(response.status, null, response.status >= 500);
  return response.blob();
}

/**
 * Follows a kiosk's Server-Sent Events stream (EventSource cannot send the bearer token): `onEvent(name, data)`
 * for each event until the stream ends (resolves) or fails (throws). Refreshes the token once when refused.
 */
export async function kioskEvents(path, onEvent, signal) {
  const open = (token) => fetch(path, {
    headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` }, cache: 'no-store', signal,
  });
  const token = await accessToken();
  if (!token) throw new ApiError(401, { code: 'unauthenticated' });
  let response = await open(token);
  if (response.status === 401) response = await open((await refresh()).access_token);
  if (!response.ok || !response.body) throw new ApiError(response.status, null, response.status >= 500);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replaceAll('\r\n', '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(name, data.join('\n'));
    }
  }
}

/**
 * Files a report (multipart, with photos) under its idempotency key: the same key never makes two reports. `token`:
 * a signed-in citizen's access token (the citizen's app), tying the report to their account.
 */
export async function submitReport(record, token = null) {
  const form = new FormData();
  for (const [name, value] of record.fields) form.append(name, value);
  record.photos.forEach((blob, i) => form.append('photos', blob, `photo-${i + 1}.jpg`));
  const options = { method: 'POST', body: form, headers: { 'Idempotency-Key': record.key }, timeoutMs: 60000 };
  return record.kiosk ? kioskCall('/api/v1/reports', options) : call('/api/v1/reports', { ...options, token });
}
