// The API as the demo year speaks to it: JSON requests with problem+json errors turned into exceptions that
// carry the problem's `code` and detail, rate limits waited out as the server asks (`Retry-After`), and
// sessions that sign in again (a refresh, or the password) whenever the server's clock has jumped.

import { randomUUID } from 'node:crypto';

/** A refusal from the server: the request, the status and the problem's `code`, `detail` and `errors`. */
export class ApiError extends Error {
  constructor(method, path, status, problem) {
    const code = problem?.code ?? `http_${status}`;
    const detail = problem?.detail ?? problem?.title ?? '';
    const fields = (problem?.errors ?? []).map((e) => `${e.field}: ${e.code} (${e.message})`);
    super(`${method} ${path} answered ${status} ${code}${detail ? `: ${detail}` : ''}${fields.length ? ` [${fields.join('; ')}]` : ''}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = problem?.errors ?? [];
    this.requestId = problem?.request_id ?? null;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Api {
  /** `log(line)` hears of waits for rate limits; `maxWait` (seconds) is the longest wait taken per request. */
  constructor(baseUrl, { log = () => {}, maxWait = 120 } = {}) {
    this.base = baseUrl.replace(/\/$/, '');
    this.log = log;
    this.maxWait = maxWait;
    this.calls = 0;
  }

  /**
   * Sends one request and answers its JSON (or, with `raw`, the body as a Buffer with the headers). A 429 or
   * 503 with `Retry-After` is retried after that many seconds (the limits count on the server's clock, which
   * runs at the real pace between jumps); any other failure throws an ApiError.
   */
  async request(method, path, { token, body, idempotent = false, raw = false, accept = 'application/json' } = {}) {
    const headers = { Accept: accept };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    // One key for the step and its retries: the server takes the step once.
    if (idempotent) headers['Idempotency-Key'] = randomUUID();
    for (let waited = 0; ;) {
      this.calls += 1;
      let response;
      try {
        response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (err) {
        throw new Error(`${method} ${path}: the server did not answer (${err.cause?.code ?? err.message})`);
      }
      if ((response.status === 429 || response.status === 503) && response.headers.has('retry-after')) {
        const seconds = Math.max(1, Number(response.headers.get('retry-after')) || 1);
        if (waited + seconds <= this.maxWait) {
          await response.body?.cancel();
          this.log(`  ${method} ${path}: ${response.status}, waiting ${seconds} s as the server asks`);
          await sleep(seconds * 1000);
          waited += seconds;
          continue;
        }
      }
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        throw new ApiError(method, path, response.status, problem);
      }
      if (raw) return { body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
      if (response.status === 204) return null;
      const text = await response.text();
      return text ? JSON.parse(text) : null;
    }
  }

  get(path, token, options = {}) {
    return this.request('GET', path, { token, ...options });
  }

  post(path, token, body = {}, options = {}) {
    return this.request('POST', path, { token, body, ...options });
  }

  put(path, token, body, options = {}) {
    return this.request('PUT', path, { token, body, ...options });
  }

  patch(path, token, body, options = {}) {
    return this.request('PATCH', path, { token, body, ...options });
  }
}

/**
 * Everyone the demo year acts as, each with their credentials: a password account, an enrolled kiosk or a
 * citizen signed in by a phone code. `token(name)` answers a fresh access token: kept while the clock has not
 * jumped and the token is young, else renewed with the refresh token (which works once), else, for a password
 * account, signed in again.
 */
export class Sessions {
  constructor(api) {
    this.api = api;
    this.people = new Map();
    this.epoch = 0;
    this.signIns = 0;
    this.refreshes = 0;
  }

  /** The clock moved: every access token is stale now (they live 15 minutes of server time). */
  clockJumped() {
    this.epoch += 1;
  }

  addPassword(name, username, password) {
    this.people.set(name, { kind: 'password', username, password, tokens: null });
  }

  /** A kiosk or a citizen whose first tokens came with enrollment or a phone-code sign-in. */
  addTokens(name, kind, tokens) {
    this.people.set(name, { kind, tokens: null });
    this.keep(this.people.get(name), tokens);
  }

  has(name) {
    return this.people.has(name);
  }

  keep(person, tokens) {
    person.tokens = tokens;
    person.epoch = this.epoch;
    // Renewed a minute before it runs out, counted on this machine's clock (the server's runs at the same pace).
    person.freshUntil = Date.now() + (tokens.expires_in - 60) * 1000;
  }

  async token(name) {
    const person = this.people.get(name);
    if (!person) throw new Error(`nobody called ${name} has signed in`);
    if (person.tokens && person.epoch === this.epoch && Date.now() < person.freshUntil) return person.tokens.access_token;
    if (person.tokens?.refresh_token) {
      try {
        const tokens = await this.api.post('/api/v1/auth/refresh', undefined, { refresh_token: person.tokens.refresh_token });
        this.refreshes += 1;
        this.keep(person, tokens);
        return tokens.access_token;
      } catch (err) {
        // A refresh token that ran out (30 days without use) ends that session; a password signs in anew.
        if (!(err instanceof ApiError && err.code === 'invalid_refresh_token' && person.kind === 'password')) throw err;
      }
    }
    if (person.kind !== 'password') throw new Error(`${name}'s session ended and cannot be started again without a person`);
    const tokens = await this.api.post('/api/v1/auth/login', undefined, { username: person.username, password: person.password });
    this.signIns += 1;
    this.keep(person, tokens);
    return tokens.access_token;
  }
}
