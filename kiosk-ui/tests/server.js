// The real server for the browser tests (the kiosk's, and web-ui/tests', which import this file): the debug
// binary on a free loopback port, a temporary data folder, the demo data and an administrator. It can be
// stopped and started again on the same port and data. Only node: modules here, so it imports from anywhere.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const ADMIN = { username: 'admin', password: 'kiosk-browser-tests-Pa55word!' };

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

export class Server {
  /** `env`: more settings (`LIAISON_*`) for this server, e.g. to let its webhooks reach a test's listener. */
  static async create({ env = {} } = {}) {
    const server = new Server();
    server.extraEnv = env;
    server.dataDir = mkdtempSync(join(tmpdir(), 'liaison-kiosk-'));
    server.port = await freePort();
    server.url = `http://127.0.0.1:${server.port}`;
    execFileSync(process.env.LIAISON_BIN, ['admin', 'create', '--username', ADMIN.username, '--display-name', '管理员'], {
      env: { ...server.env(), LIAISON_ADMIN_PASSWORD: ADMIN.password }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    await server.start();
    return server;
  }

  env() {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RUST_LOG: 'warn',
      LIAISON_DATA_DIR: this.dataDir,
      LIAISON_BIND: `127.0.0.1:${this.port}`,
      LIAISON_PUBLIC_URL: this.url,
      LIAISON_KIOSK_UI_DIR: join(ROOT, 'kiosk-ui'),
      LIAISON_WEB_UI_DIR: join(ROOT, 'web-ui'),
      LIAISON_SHUTDOWN_TIMEOUT_SECS: '1',
      LIAISON_WORKERS: '2',
      // Access tokens expire a second after the kiosk starts renewing them, so every submission refreshes.
      LIAISON_AUTH__ACCESS_TOKEN_SECS: '61',
      ...this.extraEnv,
    };
  }

  async start() {
    const log = openSync(join(process.env.ARTIFACTS || this.dataDir, 'server.log'), 'a');
    this.process = spawn(process.env.LIAISON_BIN, ['serve', '--demo'], { env: this.env(), stdio: ['ignore', log, log] });
    this.exited = new Promise((done) => this.process.once('exit', done));
    // Never outlive the tests, even when they crash.
    const child = this.process;
    process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
    for (let i = 0; i < 300; i++) {
      try {
        const response = await fetch(`${this.url}/health/ready`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      if (this.process.exitCode !== null) throw new Error('the server exited; see server.log');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the server did not become ready');
  }

  async stop() {
    if (!this.process || this.process.exitCode !== null) return;
    this.process.kill('SIGTERM');
    const killer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(killer);
  }

  async dispose() {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async json(path, { method = 'GET', body, token } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(data)}`);
    return data;
  }

  /** An administrator's access token, kept while it is fresh (logging in for every call meets the rate limit). */
  async adminToken() {
    if (!this.admin || Date.now() > this.admin.until) {
      const tokens = await this.json('/api/v1/auth/login', { method: 'POST', body: ADMIN });
      this.admin = { token: tokens.access_token, until: Date.now() + (tokens.expires_in - 30) * 1000 };
    }
    return this.admin.token;
  }

  /** A one-time enrollment code for a new kiosk at `station`, as staff make it. */
  async enrollmentCode(station = 'XH-01') {
    const created = await this.json(`/api/v1/stations/${station}/kiosks`, {
      method: 'POST', token: await this.adminToken(), body: { label: '大厅一号机' },
    });
    return created.enrollment_code;
  }

  /** The station's reports, as an administrator sees them. */
  async stationReports(station = 'XH-01') {
    const list = await this.json(`/api/v1/stations/${station}/reports`, { token: await this.adminToken() });
    return list.items;
  }
}
