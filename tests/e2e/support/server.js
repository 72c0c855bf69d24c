// The servicemap binary for the tests: started on a free loopback port,
// stopped by its PID.

import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = path.resolve(ROOT, process.env.SERVICEMAP_BIN ?? 'target/debug/servicemap');
const STEP = 15_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitReady(started, deadline) {
  while (Date.now() < deadline) {
    const code = started.process.exitCode;
    if (code !== null) throw new Error(`servicemap exited (${code}):\n${started.log()}`);
    try {
      const response = await fetch(`${started.base}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`servicemap did not become ready:\n${started.log()}`);
}

/** GET a JSON document from `origin`: {status, body}. */
export async function api(origin, pathAndQuery) {
  const response = await fetch(origin + pathAndQuery, { signal: AbortSignal.timeout(STEP) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** POST to `origin` with `headers`: {status, body}. */
export async function post(origin, pathAndQuery, headers = {}) {
  const response = await fetch(origin + pathAndQuery, { method: 'POST', headers, signal: AbortSignal.timeout(STEP) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/**
 * Starts the binary on a free port; returns {process, base, log()}.
 * `adminToken` turns on POST /api/v1/admin/reload with that bearer token.
 */
export async function startServer(dataPath, { adminToken } = {}) {
  const port = await freePort();
  const env = { ...process.env };
  if (adminToken) env.SERVICEMAP_ADMIN_TOKEN = adminToken;
  const child = spawn(BIN, ['--bind', `127.0.0.1:${port}`, '--data', dataPath], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const started = { process: child, base: `http://127.0.0.1:${port}`, log: () => log };
  await waitReady(started, Date.now() + 30_000);
  return started;
}

/** Stops a server this file started, by its PID; SIGKILL after 5 s. */
export async function stopServer({ process: child }) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
