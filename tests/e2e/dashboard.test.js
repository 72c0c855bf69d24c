// End-to-end: the real servicemap binary on a free loopback port, the
// dashboard in Debian's headless Chromium driven by playwright-core.
//
//   SERVICEMAP_BIN  the binary (default target/debug/servicemap)
//   CHROMIUM_BIN    the browser (default /usr/bin/chromium)
//   SCREENSHOT_DIR  where the screenshots go (default docs/screenshots)
//
// Run: node --test (from this folder), or bash scripts/e2e.sh.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.resolve(ROOT, process.env.SERVICEMAP_BIN ?? 'target/debug/servicemap');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const SHOTS = path.resolve(ROOT, process.env.SCREENSHOT_DIR ?? 'docs/screenshots');
const STEP = 15_000; // the longest any one wait may take
const TEST = { timeout: 60_000 };

const servers = []; // every server this file started
let server;
let base;
let context;
let page;
let userDataDir;
const problems = []; // console errors and uncaught exceptions
const missing = new Set(); // API routes this server does not have yet

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

async function api(pathAndQuery, origin = base) {
  const response = await fetch(origin + pathAndQuery, { signal: AbortSignal.timeout(STEP) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Graph state in the page, through the handle main.js exposes. */
function graphState() {
  return page.evaluate(() => {
    const cy = window.servicemap.cy;
    const ids = (sel) => cy.elements(sel).map((e) => e.id());
    return {
      nodes: cy.nodes().length,
      kinds: [...new Set(cy.nodes().map((n) => n.data('kind')))].sort(),
      pathNodes: ids('node.hl-path'),
      pathEdges: cy.edges('.hl-path').map((e) => `${e.data('source')} ${e.data('relation')} ${e.data('target')}`),
      answerNodes: ids('node.hl-answer'),
      selected: ids('node.picked'),
    };
  });
}

async function shot(name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function openPage(url = `${base}/`) {
  await page.goto(url, { timeout: STEP });
  await page.waitForSelector('body[data-ready="true"]', { timeout: STEP });
}

/** Starts the binary on a free port; returns {process, base, log()}. */
async function startServer(dataPath) {
  const port = await freePort();
  const child = spawn(BIN, ['--bind', `127.0.0.1:${port}`, '--data', dataPath], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const started = { process: child, base: `http://127.0.0.1:${port}`, log: () => log };
  servers.push(started);
  await waitReady(started, Date.now() + 30_000);
  return started;
}

/** Stops a server this file started, by its PID; SIGKILL after 5 s. */
async function stopServer({ process: child }) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

before(async () => {
  assert.ok(fs.existsSync(BIN), `no binary at ${BIN}: build it first (cargo build)`);
  server = await startServer(path.join(ROOT, 'data'));
  base = server.base;

  for (const route of ['/api/v1/resolve?name=x', '/api/v1/ask?q=x', '/api/v1/graph?format=cytoscape']) {
    const { status, body } = await api(route);
    if (status === 404 && String(body?.type).endsWith(':unknown-route')) missing.add(route.split('?')[0]);
  }
  if (missing.size) console.log(`not served yet, the page degrades: ${[...missing].join(', ')}`);

  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicemap-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    timeout: 30_000,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP);
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location()?.url ?? '';
    // A fetch of a route the server does not have yet logs a 404: expected.
    const pending = [...missing].some((route) => where.includes(route));
    if (!pending) problems.push(`console: ${message.text()} ${where}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
});

after(async () => {
  await context?.close().catch(() => {});
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  for (const started of servers) await stopServer(started);
});

test('the page loads and draws the whole map', TEST, async () => {
  await openPage();
  const stats = (await api('/api/v1/stats')).body;
  const state = await graphState();
  assert.equal(state.nodes, stats.nodes.total, 'every node is drawn at the seed size');
  assert.deepEqual(state.kinds, ['category', 'concept', 'service']);
  assert.equal(await page.textContent('#graph-version'), stats.version, 'the graph version is shown');
  await page.waitForFunction(() => /Diagnostics \(\d+\)/.test(document.querySelector('#diagnostics summary').textContent));
  const diagnostics = (await api('/api/v1/diagnostics')).body;
  assert.match(await page.textContent('#diagnostics summary'), new RegExp(`\\(${diagnostics.total}\\)`));
  await shot('overview');
});

test('search forgives and opens the node picked from the suggestions', TEST, async () => {
  await page.focus('#search');
  await page.keyboard.type('synapse', { delay: 30 });
  const option = page.locator('[role="option"]', { hasText: 'Azure Synapse Analytics' });
  await option.first().waitFor({ state: 'visible' });
  // Keyboard: move to the option, then Enter.
  const options = await page.locator('#search ~ [role="listbox"] [role="option"]').allTextContents();
  const index = options.findIndex((t) => t.includes('Azure Synapse Analytics'));
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator('#details h2', { hasText: 'Azure Synapse Analytics' }).waitFor();
  assert.equal(await page.inputValue('#search'), 'Azure Synapse Analytics');
  const state = await graphState();
  assert.deepEqual(state.selected, ['azure-synapse-analytics'], 'the node is selected on the graph');
  assert.match(page.url(), /#node=azure-synapse-analytics/, 'the URL names the open node');
});

test('the node panel lists relations with where they were written', TEST, async () => {
  const incoming = page.locator('#details .detail-section', { hasText: 'Incoming relations' });
  const fact = incoming.locator('.fact', { hasText: 'Data Lake Storage' });
  await fact.waitFor();
  assert.match(await fact.textContent(), /azure-services-map\.md:\d+/, 'the fact names its document and line');
  assert.match(await incoming.locator('h4').first().textContent(), /integrates with/);
  const categories = await page.locator('#details .detail-section', { hasText: 'Categories' }).textContent();
  assert.match(categories, /Database Services/);
  await shot('node-panel');
  // Every related node is a button that opens it.
  await fact.locator('button').click();
  await page.locator('#details h2', { hasText: 'Data Lake Storage' }).waitFor();
});

test('a path from AKS to VMSS is listed as steps and highlighted', TEST, async () => {
  await page.fill('#path-from', 'AKS');
  await page.fill('#path-to', 'VMSS');
  await page.click('#path-form button[type="submit"]');
  const steps = page.locator('#path-results .steps li');
  await steps.first().waitFor();
  const expected = (await api('/api/v1/path?from=AKS&to=VMSS')).body.paths[0];
  assert.equal(await steps.count(), expected.hops, 'one step per hop');
  const text = await page.textContent('#path-results');
  assert.match(text, /Azure Kubernetes Service/);
  assert.match(text, /Virtual Machine Scale Sets/);
  const state = await graphState();
  assert.deepEqual(state.pathNodes.sort(), expected.nodes.map((n) => n.id).sort(), 'the path nodes are highlighted');
  assert.equal(state.pathEdges.length, expected.edges.length, 'the path edges are highlighted');
  await page.waitForTimeout(400); // the fit animation
  await shot('path');
});

test('a copied link restores the view', TEST, async () => {
  const link = page.url();
  assert.match(link, /from=AKS/);
  await page.goto('about:blank');
  await openPage(link);
  await page.locator('#path-results .steps li').first().waitFor();
  assert.equal(await page.inputValue('#path-from'), 'AKS');
  const state = await graphState();
  assert.ok(state.pathNodes.includes('virtual-machine-scale-sets'), 'the path is highlighted again');
  await page.locator('#details h2', { hasText: 'Data Lake Storage' }).waitFor();
});

test('filters hide kinds and relations', TEST, async () => {
  await page.click('#path-clear');
  const concept = page.locator('#filters input[name="filter-kind"][value="concept"]');
  await concept.uncheck();
  let state = await graphState();
  assert.ok(!state.kinds.includes('concept'), 'no concept is drawn');
  assert.match(page.url(), /kind=/);
  await concept.check();
  state = await graphState();
  assert.ok(state.kinds.includes('concept'));
});

test('every control is labelled and the search is one key away', TEST, async () => {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, button, textarea')]
      .filter((el) => !el.closest('[hidden]'))
      .filter((el) => {
        const name = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
          || (el.labels && [...el.labels].map((l) => l.textContent).join('').trim())
          || (el.tagName === 'BUTTON' && el.textContent.trim());
        return !name;
      })
      .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  await page.click('#graph');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
});

test('the view exports as PNG, SVG and JSON', TEST, async () => {
  for (const [button, extension] of [['#export-png', '.png'], ['#export-svg', '.svg'], ['#export-json', '.json']]) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: STEP }), page.click(button)]);
    assert.ok(download.suggestedFilename().endsWith(extension), download.suggestedFilename());
    const file = await download.path();
    const head = fs.readFileSync(file).subarray(0, 200).toString('latin1');
    if (extension === '.png') assert.ok(head.startsWith('\x89PNG'));
    if (extension === '.svg') assert.match(head, /<svg|<\?xml/);
    if (extension === '.json') assert.ok(JSON.parse(fs.readFileSync(file, 'utf8')).nodes.length > 0);
  }
});

test('a question in plain words is answered and highlighted', TEST, async (t) => {
  await page.fill('#ask-input', 'what integrates with Synapse');
  await page.click('#ask-form button[type="submit"]');
  if (missing.has('/api/v1/ask')) {
    await page.locator('#answer .error', { hasText: '/api/v1/ask' }).waitFor();
    await shot('ask');
    t.todo('pending: the server has no /api/v1/ask yet; checked only that the page says so');
    return;
  }
  const expected = (await api('/api/v1/edges?relation=integrates%20with&target=Synapse')).body.items;
  await page.locator('#answer .answer-text').waitFor();
  assert.ok((await page.textContent('#answer .answer-text')).trim().length > 0, 'the answer sentence is shown');
  assert.match(await page.textContent('#answer'), /Data Lake Storage/);
  await page.waitForFunction(() => window.servicemap.cy.nodes('.hl-answer').length > 0);
  const state = await graphState();
  for (const edge of expected) {
    assert.ok(state.answerNodes.includes(edge.source.id), `${edge.source.name} is highlighted`);
    assert.ok(state.answerNodes.includes(edge.target.id), `${edge.target.name} is highlighted`);
  }
  await page.waitForTimeout(400);
  await shot('ask');
});

/** A generated map: `categories` x `services`, each service with two relations. */
function bigMap(categories, services) {
  const relations = ['uses', 'integrates with', 'stores', 'hosts', 'protects'];
  let text = '# A large map\n\n';
  for (let c = 0; c < categories; c++) {
    text += `### Category ${c}\n\n\`\`\`mermaid\nmindmap\n  root((Category ${c}))\n`;
    for (let s = 0; s < services; s++) {
      text += `    Service ${c}-${s}\n      :: ${relations[(c + s) % relations.length]}\n`;
      text += `      Service ${(c + 1) % categories}-${(s * 7) % services}\n      :: provides\n      Concept ${c}-${s % 40}\n`;
    }
    text += '\`\`\`\n\n';
  }
  return text;
}

test('a map of thousands of nodes is capped and stays responsive', TEST, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicemap-big-'));
  fs.writeFileSync(path.join(dir, 'big.md'), bigMap(20, 120));
  const big = await startServer(dir);
  try {
    const total = (await api('/api/v1/stats', big.base)).body.nodes.total;
    assert.ok(total > 3000, `${total} nodes`);
    await page.goto('about:blank');
    const started = Date.now();
    await openPage(`${big.base}/`);
    const loadMs = Date.now() - started;
    let state = await graphState();
    assert.equal(state.nodes, 500, 'the drawing is capped');
    assert.match(await page.textContent('#notice'), new RegExp(`500 .* of ${total} nodes`));
    // No task kept the tab busy for long while loading and laying out.
    const longest = await page.evaluate(() => new Promise((resolve) => {
      let max = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) max = Math.max(max, entry.duration);
      }).observe({ type: 'longtask', buffered: true });
      setTimeout(() => resolve(max), 100);
    }));
    assert.ok(longest < 5000, `the tab was busy for ${Math.round(longest)} ms at once`);

    const hidden = await page.evaluate(() => {
      const { app, cy } = window.servicemap;
      return [...app.model.nodes.values()].find((n) => n.kind === 'service' && cy.getElementById(n.id).empty()).name;
    });
    await page.fill('#search', hidden);
    await page.locator('#search ~ [role="listbox"] [role="option"]', { hasText: hidden }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#details h2', { hasText: hidden }).waitFor();
    state = await graphState();
    assert.ok(state.nodes < 50, `a node left out of the capped drawing opens with its neighbourhood (${state.nodes} nodes)`);
    assert.match(page.url(), /focus=/);
    t.diagnostic(`large map: ${total} nodes, page ready in ${loadMs} ms, longest task ${Math.round(longest)} ms`);
  } finally {
    await stopServer(big);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('nothing went wrong in the page', TEST, () => {
  assert.deepEqual(problems, []);
});
