// End-to-end: the real servicemap binary on a free loopback port, the
// dashboard in Debian's headless Chromium driven by playwright-core, at
// three screen sizes (1400x900, 1024x700 and a 390x844 phone).
//
//   SERVICEMAP_BIN  the binary (default target/debug/servicemap)
//   CHROMIUM_BIN    the browser (default /usr/bin/chromium)
//   SCREENSHOT_DIR  where the screenshots go (default docs/screenshots)
//
// Run: node --test (from this folder), or bash scripts/e2e.sh.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { axeCheck } from './support/axe.js';
import { bigMap } from './support/bigmap.js';
import { api, BIN, post, ROOT, startServer, stopServer } from './support/server.js';
import {
  graphState, labelReport, NETWORK_CHANGED, openPage, SCREENS, settle, shot, STEP,
} from './support/page.js';

const TEST = { timeout: 120_000 };
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

const servers = []; // every server this file started
let base;
let browser;
const problems = []; // console errors and uncaught exceptions
const measured = { labels: {}, layout: {}, axe: {} };

/** A page at `screen` in a fresh context, its errors collected. */
async function newPage(screen, options = {}) {
  const context = await browser.newContext({
    viewport: { width: screen.width, height: screen.height },
    acceptDownloads: true,
    hasTouch: Boolean(screen.touch),
    isMobile: Boolean(screen.touch),
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location()?.url ?? '';
    if (NETWORK_CHANGED.test(message.text())) {
      page.lastNetworkError = message.text(); // openPage loads the page again
      return;
    }
    // The browser logs every 4xx answer; the tests ask for these on
    // purpose (a misspelt name, a tie, an unreadable question) and check
    // that the page shows their help.
    const asked = /status of (400|404|409|422)/.test(message.text()) && /\/api\/v1\/(nodes\/|ask|path|query)/.test(where);
    if (!asked) problems.push(`console (${screen.name}): ${message.text()} ${where}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught (${screen.name}): ${error.message}`));
  return page;
}

/** A copy of the bundled data in a fresh folder, for a server whose documents a test changes. */
function dataCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicemap-live-'));
  fs.cpSync(path.join(ROOT, 'data'), dir, { recursive: true });
  return dir;
}

/**
 * The bundled map changed: Serverless Compute (and Azure Functions' `part
 * of` it) removed, Azure Spring Apps (using AKS) added.
 */
function changedMap(text) {
  const before = '    Azure Functions\n      :: part of\n      Serverless Compute\n      :: integrates with\n      App Service\n';
  assert.ok(text.includes(before), 'the bundled map has the block the test changes');
  return text.replace(before, '    Azure Functions\n      :: integrates with\n      App Service\n'
    + '    Azure Spring Apps\n      :: uses\n      Azure Kubernetes Service\n');
}

/** Opens a section of the tools (a drawer on a narrow screen). */
async function openSection(page, screen, id) {
  if (screen.drawer) await openDrawer(page);
  if (!(await page.evaluate((s) => document.querySelector(s).open, id))) await page.click(`${id} summary`);
}

/** Opens the tools drawer of a narrow screen, waiting for it to slide in. */
async function openDrawer(page) {
  if ((await page.getAttribute('#toggle-tools', 'aria-expanded')) !== 'true') await page.click('#toggle-tools');
  await page.waitForFunction(() => document.querySelector('#sidebar').getBoundingClientRect().x >= 0);
}

async function closeDrawer(page) {
  if ((await page.getAttribute('#toggle-tools', 'aria-expanded')) === 'true') await page.click('#tools-close');
  await page.waitForFunction(() => document.querySelector('#sidebar').getBoundingClientRect().right <= 0);
}

before(async () => {
  assert.ok(fs.existsSync(BIN), `no binary at ${BIN}: build it first (cargo build)`);
  const seed = await startServer(path.join(ROOT, 'data'));
  servers.push(seed);
  base = seed.base;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  // A first load warms the browser (its caches, its compiler) before any
  // test counts time.
  const warm = await browser.newContext({ viewport: { width: 800, height: 600 } });
  await openPage(await warm.newPage(), `${base}/`).catch(() => {});
  await warm.close();
});

after(async () => {
  await browser?.close().catch(() => {});
  for (const started of servers) await stopServer(started);
  const lines = [
    `label sizes at the default fit (px, min-max): ${JSON.stringify(measured.labels)}`,
    `layout (ms, worker / main thread): ${JSON.stringify(measured.layout)}`,
    `axe serious+critical violations per view: ${JSON.stringify(measured.axe)}`,
  ];
  console.log(lines.join('\n'));
});

for (const screen of SCREENS) {
  describe(`at ${screen.name} (${screen.width}x${screen.height})`, () => {
    let page;
    before(async () => { page = await newPage(screen); });
    after(async () => { await page?.context().close(); });

    test('the whole map draws with legible, non-overlapping labels', TEST, async (t) => {
      await openPage(page, `${base}/`);
      const stats = (await api(base, '/api/v1/stats')).body;
      const state = await graphState(page);
      assert.equal(state.nodes, stats.nodes.total, 'every node is drawn at the seed size');
      assert.equal(await page.textContent('#graph-version'), stats.version, 'the graph version is shown');
      const report = await labelReport(page);
      for (const kind of ['category', 'service']) {
        assert.ok(report.sizes[kind]?.n > 0, `${kind} labels are drawn`);
        assert.ok(report.sizes[kind].min >= 11, `${kind} labels are at least 11 px (${report.sizes[kind].min})`);
      }
      assert.equal(report.overlapPairs, 0, `no two drawn labels overlap (${JSON.stringify(report.overlaps)})`);
      // A phone has room for all but one category's name at the whole-map zoom.
      assert.ok(report.categoriesLabelled >= report.categories - (screen.touch ? 1 : 0),
        `the categories are named at the whole-map zoom (${report.categoriesLabelled}/${report.categories})`);
      if (screen.width >= 1000) {
        assert.ok(report.servicesLabelled >= 0.7 * report.services, `most services are named (${report.servicesLabelled}/${report.services})`);
      }
      assert.ok(report.edgeLabels.every((e) => e.fits), 'an edge label is drawn only where it fits');
      measured.labels[screen.name] = {
        zoom: report.zoom, ...Object.fromEntries(Object.entries(report.sizes).map(([k, v]) => [k, `${v.min}-${v.max} (${v.n})`])),
        services: `${report.servicesLabelled}/${report.services}`, overlaps: report.overlapPairs,
      };
      t.diagnostic(JSON.stringify(measured.labels[screen.name]));
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(scroll <= 0, `no horizontal scroll (${scroll} px too wide)`);
      await shot(page, `overview-${screen.name}`);
      measured.axe[`overview ${screen.name}`] = await axeCheck(page, `overview at ${screen.name}`);
    });

    test('hovering a node names it and its neighbours', TEST, async () => {
      const hidden = await page.evaluate(() => {
        const { cy } = window.servicemap;
        const n = cy.nodes('[kind = "concept"]').filter((x) => !x.style('label'))[0] ?? cy.nodes('[kind = "concept"]')[0];
        const p = n.renderedPosition();
        const box = cy.container().getBoundingClientRect();
        return { id: n.id(), x: box.left + p.x, y: box.top + p.y };
      });
      await page.mouse.move(hidden.x, hidden.y);
      await page.waitForFunction((id) => Boolean(window.servicemap.cy.getElementById(id).style('label')), hidden.id);
      const neighboursNamed = await page.evaluate((id) => window.servicemap.cy.getElementById(id).neighborhood('node').every((n) => Boolean(n.style('label'))), hidden.id);
      assert.ok(neighboursNamed, 'the neighbours of the hovered node are named');
      await page.mouse.move(2, 2);
    });

    test('three wheel notches zoom in at least 2x', TEST, async () => {
      await page.click('#fit');
      const box = await page.locator('#graph').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const before = await page.evaluate(() => window.servicemap.cy.zoom());
      for (let i = 0; i < 3; i++) {
        await page.mouse.wheel(0, -100);
        await page.waitForTimeout(60);
      }
      const zoom = await page.evaluate(() => window.servicemap.cy.zoom());
      assert.ok(zoom / before >= 2, `zoomed ${(zoom / before).toFixed(2)}x`);
      const report = await labelReport(page);
      assert.ok(report.sizes.service.min >= 11, 'labels keep their size when zoomed');
      await page.click('#fit');
    });

    if (screen.touch) {
      test('the phone layout: no horizontal scroll, a usable search, the tools in a drawer', TEST, async () => {
        const search = await page.locator('#search').boundingBox();
        assert.ok(search.width >= 250, `the search box is ${search.width} px wide`);
        const askButton = await page.locator('#ask-form button').boundingBox();
        assert.ok(askButton.x + askButton.width <= screen.width, 'the Ask button is on screen');
        assert.ok(!(await page.isVisible('#path-from')) || (await page.locator('#sidebar').boundingBox()).x < 0, 'the tools start closed');
        await openDrawer(page);
        const drawer = await page.locator('#sidebar').boundingBox();
        assert.ok(drawer.x >= 0 && drawer.x + drawer.width <= screen.width, 'the drawer fits the screen');
        await shot(page, `tools-${screen.name}`);
        measured.axe[`tools ${screen.name}`] = await axeCheck(page, 'the tools drawer on a phone');
        await closeDrawer(page);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(scroll <= 0, 'still no horizontal scroll');
      });

      test('touch pans and pinches zoom', TEST, async () => {
        const cdp = await page.context().newCDPSession(page);
        const box = await page.locator('#graph').boundingBox();
        const cx = box.x + box.width / 2;
        const cy = box.y + box.height / 2;
        const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
        const before = await page.evaluate(() => ({ ...window.servicemap.cy.pan(), zoom: window.servicemap.cy.zoom() }));
        // One finger drags the map (from empty space at the corner).
        const sx = box.x + 12;
        const sy = box.y + 12;
        await touch('touchStart', [[sx, sy]]);
        for (let i = 1; i <= 8; i++) {
          await touch('touchMove', [[sx + i * 10, sy + i * 10]]);
          await page.waitForTimeout(16);
        }
        await touch('touchEnd', []);
        const panned = await page.evaluate(() => window.servicemap.cy.pan());
        assert.ok(Math.abs(panned.x - before.x) > 30 || Math.abs(panned.y - before.y) > 30, 'one finger pans');
        // Two fingers apart zoom in.
        await touch('touchStart', [[cx - 20, cy], [cx + 20, cy]]);
        for (let i = 1; i <= 10; i++) {
          await touch('touchMove', [[cx - 20 - i * 12, cy], [cx + 20 + i * 12, cy]]);
          await page.waitForTimeout(16);
        }
        await touch('touchEnd', []);
        const zoom = await page.evaluate(() => window.servicemap.cy.zoom());
        assert.ok(zoom > before.zoom * 1.3, `a pinch zooms in (${before.zoom.toFixed(2)} -> ${zoom.toFixed(2)})`);
        await cdp.detach();
        await page.click('#fit');
      });
    }

    test('the diagnostics fit on screen', TEST, async () => {
      await page.waitForFunction(() => /Diagnostics \(\d+\)/.test(document.querySelector('#diagnostics summary').textContent));
      await page.click('#diagnostics summary');
      const list = await page.locator('#diagnostics ul').boundingBox();
      assert.ok(list.x >= 0 && list.x + list.width <= screen.width, `the list spans ${Math.round(list.x)}-${Math.round(list.x + list.width)} of ${screen.width} px`);
      const cut = await page.evaluate(() => [...document.querySelectorAll('#diagnostics li')].some((li) => li.scrollWidth > li.clientWidth + 1));
      assert.ok(!cut, 'no diagnostic is cut');
      await page.click('#diagnostics summary');
    });

    test('search forgives and opens the node picked from the suggestions', TEST, async () => {
      await page.fill('#search', '');
      await page.focus('#search');
      await page.keyboard.type('synapse', { delay: 30 });
      const option = page.locator('#search ~ [role="listbox"] [role="option"]', { hasText: 'Azure Synapse Analytics' });
      await option.first().waitFor({ state: 'visible' });
      const options = await page.locator('#search ~ [role="listbox"] [role="option"]').allTextContents();
      const index = options.findIndex((x) => x.includes('Azure Synapse Analytics'));
      for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('#details h2', { hasText: 'Azure Synapse Analytics' }).waitFor();
      const state = await graphState(page);
      assert.deepEqual(state.selected, ['azure-synapse-analytics'], 'the node is selected on the graph');
      assert.match(page.url(), /#node=azure-synapse-analytics/, 'the URL names the open node');
      const labelled = await page.evaluate(() => {
        const n = window.servicemap.cy.getElementById('azure-synapse-analytics');
        return n.closedNeighborhood('node').every((x) => Boolean(x.style('label')));
      });
      assert.ok(labelled, 'the selected node and its neighbours are named');
    });

    test('the node panel lists relations with where they were written', TEST, async () => {
      const incoming = page.locator('#details .detail-section', { hasText: 'Incoming relations' });
      const fact = incoming.locator('.fact', { hasText: 'Data Lake Storage' });
      await fact.waitFor();
      assert.match(await fact.textContent(), /azure-services-map\.md:\d+/, 'the fact names its document and line');
      await shot(page, `node-panel-${screen.name}`);
      measured.axe[`node panel ${screen.name}`] = await axeCheck(page, 'the node panel');
      await fact.locator('button').click();
      await page.locator('#details h2', { hasText: 'Data Lake Storage' }).waitFor();
    });

    test('Enter on a misspelt name offers the closest nodes to click', TEST, async () => {
      await page.fill('#search', '');
      await page.focus('#search');
      await page.keyboard.type('vnet gatway');
      await page.locator('#search ~ [role="listbox"]').waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Enter');
      const choice = page.locator('#details .problem button.choice', { hasText: 'VPN Gateway' });
      await choice.waitFor();
      assert.match(await page.textContent('#details .problem'), /Did you mean/);
      measured.axe[`problem ${screen.name}`] = await axeCheck(page, 'a problem with suggestions');
      await choice.click();
      await page.locator('#details h2', { hasText: 'VPN Gateway' }).waitFor();
    });

    test('a path from AKS to VMSS is listed, highlighted, and clears the last action', TEST, async () => {
      if (screen.drawer) await openDrawer(page);
      await page.fill('#path-from', 'AKS');
      await page.fill('#path-to', 'VMSS');
      await page.click('#path-form button[type="submit"]');
      await page.waitForFunction(() => window.servicemap.cy.nodes('.hl-path').length > 0);
      const expected = (await api(base, '/api/v1/path?from=AKS&to=VMSS')).body.paths[0];
      const state = await graphState(page);
      assert.deepEqual(state.pathNodes.sort(), expected.nodes.map((n) => n.id).sort(), 'the path nodes are highlighted');
      assert.equal(state.pathEdges.length, expected.edges.length, 'the path edges are highlighted');
      assert.ok(await page.isHidden('#details'), 'the panel of the node opened before is closed');
      assert.deepEqual(state.selected, [], 'and that node is no longer selected');
      await settle(page);
      if (screen.drawer) await openDrawer(page);
      const steps = page.locator('#path-results .steps li');
      assert.equal(await steps.count(), expected.hops, 'one step per hop');
      measured.axe[`path ${screen.name}`] = await axeCheck(page, 'a path');
      // On a phone the drawer covers the map: the picture is of the map.
      if (screen.touch) await closeDrawer(page);
      await shot(page, `path-${screen.name}`);
      if (screen.drawer) await closeDrawer(page);
    });

    test('a question clears the path; a pinned highlight stays', TEST, async () => {
      await page.fill('#ask-input', 'what integrates with Synapse');
      await page.click('#ask-form button[type="submit"]');
      await page.waitForFunction(() => window.servicemap.cy.nodes('.hl-answer').length > 0);
      let state = await graphState(page);
      assert.deepEqual(state.pathNodes, [], 'the path highlight is gone');
      assert.doesNotMatch(page.url(), /from=/, 'and the path is out of the link');
      const expected = (await api(base, '/api/v1/edges?relation=integrates%20with&target=Synapse')).body.items;
      for (const edge of expected) assert.ok(state.answerNodes.includes(edge.source.id), `${edge.source.name} is highlighted`);
      await settle(page);
      await shot(page, `ask-${screen.name}`);
      measured.axe[`answer ${screen.name}`] = await axeCheck(page, 'an answer');
      // Pinned: the next action keeps the answer's highlight.
      await page.click('#pin');
      assert.equal(await page.getAttribute('#pin', 'aria-pressed'), 'true');
      await page.fill('#search', 'Azure Bastion');
      await page.locator('#search ~ [role="listbox"] [role="option"]', { hasText: 'Azure Bastion' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('#details h2', { hasText: 'Azure Bastion' }).waitFor();
      state = await graphState(page);
      assert.ok(state.answerNodes.length > 0, 'the pinned highlight stays');
      await page.click('#pin');
      await page.click('#answer-close');
      await page.click('#details-close');
    });

    test('the PNG export shows what the screen shows', TEST, async () => {
      await page.fill('#search', 'AKS');
      await page.locator('#search ~ [role="listbox"] [role="option"]').first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('#details h2', { hasText: 'Azure Kubernetes Service' }).waitFor();
      await page.click('#details-close');
      const dimmed = await page.evaluate(() => window.servicemap.cy.elements('.dim').length);
      assert.equal(dimmed, 0, 'closing the panel clears the dimming');
      const size = await page.evaluate(() => ({ w: window.servicemap.cy.width(), h: window.servicemap.cy.height() }));
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: STEP }), page.click('#export-png')]);
      const bytes = fs.readFileSync(await download.path());
      assert.ok(bytes.subarray(0, 4).toString('latin1') === '\x89PNG');
      const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
      assert.ok(Math.abs(w / h - size.w / size.h) < 0.05, `the PNG (${w}x${h}) has the screen's shape (${size.w}x${size.h})`);
    });

    test('the impact of Virtual Machines: by distance on the graph, listed with the path to each, both ways', TEST, async () => {
      await openSection(page, screen, '#impact-tools');
      await page.fill('#impact-node', 'Virtual Machines');
      await page.keyboard.press('Escape');
      // By keyboard: the form's button, then Enter.
      await page.focus('#impact-form button[type="submit"]');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => window.servicemap.cy.nodes('.impact-root').length === 1);
      const expected = (await api(base, '/api/v1/nodes/Virtual%20Machines/impact')).body;
      assert.ok(expected.reached.length >= 2, 'something depends on Virtual Machines');
      const marks = await page.evaluate(() => Object.fromEntries(window.servicemap.cy.nodes()
        .filter((n) => /impact-/.test(n.classes().join(' ')))
        .map((n) => [n.id(), n.classes().find((c) => c.startsWith('impact-'))])));
      const want = { [expected.node.id]: 'impact-root' };
      for (const r of expected.reached) want[r.node.id] = `impact-${Math.min(3, r.distance)}`;
      assert.deepEqual(marks, want, 'each node is marked with its distance');
      const pathEdges = new Set(expected.reached.flatMap((r) => r.path.edges.map((e) => `${e.source.id} ${e.relation} ${e.target.id}`)));
      const lit = await page.evaluate(() => window.servicemap.cy.edges('.hl-impact').map((e) => `${e.data('source')} ${e.data('relation')} ${e.data('target')}`));
      assert.deepEqual(lit.sort(), [...pathEdges].sort(), 'the edges of the paths are highlighted');
      assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('impact'), 'Virtual Machines', 'the impact is in the link');
      await settle(page);
      if (screen.drawer) await openDrawer(page);
      const items = page.locator('#impact-results .impact-item');
      assert.equal(await items.count(), expected.reached.length, 'one item per node reached');
      for (const [i, r] of [...expected.reached].sort((a, b) => a.distance - b.distance || a.node.name.localeCompare(b.node.name)).entries()) {
        const item = items.nth(i);
        assert.match(await item.textContent(), new RegExp(r.node.name), `${r.node.name} is listed in distance order`);
        assert.equal(await item.locator('.steps li').count(), r.path.edges.length, `the path to ${r.node.name} is written out`);
      }
      assert.match(await page.textContent('#impact-results .result-summary'), new RegExp(`${expected.reached.length} nodes depend on Virtual Machines`));
      measured.axe[`impact ${screen.name}`] = await axeCheck(page, 'an impact');
      if (screen.touch) await closeDrawer(page);
      await shot(page, `impact-${screen.name}`);
      if (screen.drawer) await openDrawer(page);

      // The toggle: what Virtual Machines depends on.
      await page.check('#impact-form input[value="dependencies"]');
      await page.waitForFunction(() => /direction=dependencies/.test(location.hash));
      const deps = (await api(base, '/api/v1/nodes/Virtual%20Machines/impact?direction=dependencies')).body;
      await page.waitForFunction((n) => document.querySelectorAll('#impact-results .impact-item').length === n
        && /depends on/.test(document.querySelector('#impact-results .result-summary')?.textContent), deps.reached.length);
      const listed = await page.locator('#impact-results .impact-item .node-link').first().textContent();
      assert.ok(deps.reached.some((r) => r.node.name === listed), `${listed} is one of what it depends on`);
      await page.click('#impact-clear');
      assert.equal(await page.evaluate(() => window.servicemap.cy.elements('.hl-impact, .impact-root').length), 0, 'clearing removes the highlight');
      if (screen.drawer) await closeDrawer(page);
    });

    test('an unreadable question offers its closest reading; an answer opens its Cypher in the console', TEST, async () => {
      const question = 'how much does AKS cost';
      const problem = (await api(base, `/api/v1/ask?q=${encodeURIComponent(question)}`)).body;
      assert.ok(problem.closest && problem.rewritten, 'the API names the closest reading');
      await page.fill('#ask-input', question);
      await page.click('#ask-form button[type="submit"]');
      await page.locator('#answer .problem').waitFor();
      assert.ok((await page.textContent('#answer .problem')).includes(`Closest reading: ${problem.closest.form}`), 'the closest reading is named');
      measured.axe[`unreadable question ${screen.name}`] = await axeCheck(page, 'an unreadable question');
      await page.locator('#answer .problem .choices', { hasText: 'Ask instead' }).locator('button.choice', { hasText: problem.rewritten }).click();
      await page.locator('#answer .answer-text').waitFor();
      assert.equal(await page.inputValue('#ask-input'), problem.rewritten, 'the rewritten question is asked');
      const answer = (await api(base, `/api/v1/ask?q=${encodeURIComponent(problem.rewritten)}`)).body;
      assert.equal((await page.textContent('#answer .answer-text')).trim(), answer.text);
      assert.equal(await page.textContent('#answer .interpretation .cypher'), answer.interpretation.cypher, 'the interpretation is shown as Cypher');
      await page.click('#answer .open-console');
      await page.waitForFunction(() => document.querySelector('#answer h2').textContent === 'Query'
        && /row/.test(document.querySelector('#answer .answer-text')?.textContent ?? ''));
      const inEditor = await page.evaluate(() => document.querySelector('#query-tools .CodeMirror').CodeMirror.getValue());
      assert.equal(inEditor, answer.interpretation.cypher, 'the console holds the Cypher');
      const rows = (await api(base, `/api/v1/query?q=${encodeURIComponent(answer.interpretation.cypher)}`)).body.stats.rows;
      assert.match(await page.textContent('#answer .answer-text'), new RegExp(`^${rows} row`), 'and ran it');
      assert.match(decodeURIComponent(page.url()), /query=MATCH/);
      if (screen.drawer) await closeDrawer(page);
      await page.click('#answer-close');
    });

    test('a reload of the documents updates the map in place and shows what changed until dismissed', TEST, async () => {
      const dir = dataCopy();
      const token = 'e2e-reload-token';
      const server = await startServer(dir, { adminToken: token });
      servers.push(server);
      const live = await newPage(screen);
      try {
        await openPage(live, `${server.base}/`);
        const before = (await api(server.base, '/api/v1/stats')).body;
        // The page listens before the documents change.
        await live.waitForFunction(() => window.servicemap.live?.connected());
        const file = path.join(dir, 'azure-services-map.md');
        fs.writeFileSync(file, changedMap(fs.readFileSync(file, 'utf8')));
        const reload = await post(server.base, '/api/v1/admin/reload', { authorization: `Bearer ${token}` });
        assert.equal(reload.status, 200, JSON.stringify(reload.body));
        const after = (await api(server.base, '/api/v1/stats')).body;
        assert.notEqual(after.version, before.version, 'the server serves a new version');
        await live.locator('#changes:not([hidden])').waitFor();
        await live.waitForFunction((v) => document.querySelector('#graph-version').textContent === v, after.version);
        await settle(live);
        const marked = await live.evaluate(() => {
          const { cy } = window.servicemap;
          const ids = (sel) => cy.elements(sel).map((e) => (e.isNode() ? e.id() : `${e.data('source')} ${e.data('relation')} ${e.data('target')}`)).sort();
          return { added: ids('.change-added'), removed: ids('.change-removed') };
        });
        assert.ok(marked.added.includes('azure-spring-apps'), `the new service is green (${marked.added})`);
        assert.ok(marked.added.includes('azure-spring-apps uses azure-kubernetes-service'), 'and its relation');
        assert.ok(marked.removed.includes('serverless-compute'), `the removed concept is red (${marked.removed})`);
        assert.ok(marked.removed.includes('azure-functions part of serverless-compute'), 'and the relation to it');
        const text = await live.textContent('#changes');
        assert.match(text, /Nodes added\s*Azure Spring Apps/);
        assert.match(text, /Nodes removed\s*Serverless Compute/);
        assert.match(text, /1 node and 1 relation added; 1 node and 1 relation removed/);
        measured.axe[`changes ${screen.name}`] = await axeCheck(live, 'what a reload changed');
        await shot(live, `changes-${screen.name}`);
        // The new node opens from the list, as it is on the map now.
        await live.locator('#changes button.node-link', { hasText: 'Azure Spring Apps' }).click();
        await live.locator('#details h2', { hasText: 'Azure Spring Apps' }).waitFor();
        await live.click('#details-close');

        await live.click('#changes-dismiss');
        await live.waitForFunction(() => window.servicemap.cy.elements('.change-added, .change-removed').length === 0);
        await settle(live);
        assert.ok(await live.isHidden('#changes'), 'the list is gone');
        const state = await graphState(live);
        assert.equal(state.nodes, after.nodes.total, 'the removed node is no longer drawn');
        assert.ok(await live.evaluate(() => window.servicemap.cy.getElementById('serverless-compute').empty()));
        assert.ok(await live.isHidden('#version-notice'), 'no notice asks for a reload: the page is up to date');
      } finally {
        // Away from the server before it stops, so the page does not try to reconnect.
        await live.context().close();
        await stopServer(server);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('at 1400x900, the rest', () => {
  let page;
  before(async () => { page = await newPage(SCREENS[0]); });
  after(async () => { await page?.context().close(); });

  test('questions it cannot read or cannot resolve offer choices', TEST, async () => {
    await openPage(page, `${base}/`);
    await page.fill('#ask-input', 'make me a sandwich');
    await page.click('#ask-form button[type="submit"]');
    // The forms' examples are made from the map being served: take the first.
    const example = page.locator('#answer .problem .forms button.choice').first();
    await example.waitFor();
    const asked = (await example.textContent()).trim();
    assert.ok(await page.locator('#answer .problem .forms li').count() >= 5, 'the forms are listed');
    await example.click();
    await page.waitForFunction(() => window.servicemap.cy.nodes('.hl-answer').length > 0);
    assert.equal(await page.inputValue('#ask-input'), asked);

    await page.fill('#ask-input', 'what does gateway use');
    await page.click('#ask-form button[type="submit"]');
    const candidate = page.locator('#answer .problem button.choice', { hasText: 'VPN Gateway' });
    await candidate.waitFor();
    assert.match(await page.textContent('#answer .problem'), /Which one\?/);
    const tie = (await api(base, '/api/v1/ask?q=what%20does%20gateway%20use')).body;
    const rewritten = tie.candidates.find((c) => c.name === 'VPN Gateway').rewritten;
    await candidate.click();
    await page.locator('#answer .answer-text').waitFor();
    assert.equal(await page.inputValue('#ask-input'), rewritten, 'the candidate asks the question as the API rewrote it');
    await page.click('#answer-close');
  });

  test('a path end that names several nodes, or none, offers them to click', TEST, async () => {
    await page.check('#path-form input[name="via"]');
    await page.fill('#path-from', 'Gateway');
    await page.fill('#path-to', 'DNS');
    await page.keyboard.press('Escape');
    await page.click('#path-form button[type="submit"]');
    const choice = page.locator('#path-results .problem button.choice', { hasText: 'VPN Gateway' });
    await choice.waitFor();
    assert.match(await page.textContent('#path-results .problem'), /Which one\?/);
    await choice.click();
    await page.waitForFunction(() => window.servicemap.cy.nodes('.hl-path').length > 0);
    assert.equal(await page.inputValue('#path-from'), 'VPN Gateway');

    await page.fill('#path-to', 'vnet gatway');
    await page.keyboard.press('Escape');
    await page.click('#path-form button[type="submit"]');
    await page.locator('#path-results .problem button.choice', { hasText: 'Virtual Network' }).first().waitFor();
    assert.match(await page.textContent('#path-results .problem'), /Did you mean/);
    await page.click('#path-clear');
  });

  test('the query console completes from the graph, answers as a table and a subgraph, explains, and points at errors', TEST, async () => {
    await page.goto('about:blank');
    await openPage(page, `${base}/`);
    await page.click('#query-tools summary');
    const editor = page.locator('#query-tools .CodeMirror');
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type('MATCH (s:Se');
    await page.locator('.CodeMirror-hints li', { hasText: 'Service' }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type(')-[:us');
    await page.locator('.CodeMirror-hints li', { hasText: 'uses' }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type(']->(t) RETURN s, t.na');
    await page.locator('.CodeMirror-hints li', { hasText: 'name' }).waitFor();
    await page.keyboard.press('Enter');
    const text = await page.evaluate(() => document.querySelector('#query-tools .CodeMirror').CodeMirror.getValue());
    assert.equal(text, 'MATCH (s:Service)-[:uses]->(t) RETURN s, t.name', 'labels, types and properties were completed');
    assert.ok(await page.locator('#query-tools .cm-keyword').count() >= 2, 'keywords are highlighted');
    await page.click('#query-form button.primary');
    await page.locator('#answer .results-table tbody tr').first().waitFor();
    const expected = (await api(base, `/api/v1/query?q=${encodeURIComponent(text)}`)).body;
    assert.equal(await page.locator('#answer .results-table tbody tr').count(), expected.data.values.length, 'one row per result');
    await page.waitForFunction(() => window.servicemap.cy.nodes('.hl-answer').length > 0);
    assert.match(decodeURIComponent(page.url()), /query=MATCH/, 'the query is in the link');
    await settle(page);
    await shot(page, 'query-1400x900');
    measured.axe['query 1400x900'] = await axeCheck(page, 'a query and its table');

    await page.click('#query-form button[value="EXPLAIN"]');
    await page.locator('#answer .plan .plan-op').first().waitFor();
    assert.match(await page.textContent('#answer .plan'), /est\./, 'the plan shows its estimates');

    await page.evaluate(() => document.querySelector('#query-tools .CodeMirror').CodeMirror.setValue('MATCH (s:Service)-[:usess]->(t)\nRETURN t.name'));
    await page.click('#query-form button.primary');
    await page.locator('#answer .problem .caret').waitFor();
    assert.match(await page.textContent('#answer .problem'), /Line 1, column \d+/);
    await page.locator('#answer .problem button.choice', { hasText: /^uses$/ }).click();
    await page.locator('#answer .results-table tbody tr').first().waitFor();
    assert.match(await page.evaluate(() => document.querySelector('#query-tools .CodeMirror').CodeMirror.getValue()), /\[:uses\]/);
    await page.click('#answer-close');
  });

  test('the node panel starts the impact of its node', TEST, async () => {
    await page.goto('about:blank');
    await openPage(page, `${base}/#node=AKS`);
    await page.locator('#details h2', { hasText: 'Azure Kubernetes Service' }).waitFor();
    await page.locator('#details button', { hasText: 'What depends on it' }).click();
    await page.waitForFunction(() => window.servicemap.cy.nodes('.impact-root').length === 1);
    assert.equal(await page.evaluate(() => window.servicemap.cy.nodes('.impact-root').id()), 'azure-kubernetes-service');
    assert.equal(await page.inputValue('#impact-node'), 'Azure Kubernetes Service');
    const expected = (await api(base, '/api/v1/nodes/azure-kubernetes-service/impact')).body;
    assert.equal(await page.locator('#impact-results .impact-item').count(), expected.reached.length);
    assert.ok(await page.isHidden('#details'), 'a new action closes the panel');
    await page.click('#impact-clear');
  });

  // Every link state in docs/dashboard.md, with refs as people type them.
  const links = [
    ['node=AKS', async (s) => assert.deepEqual(s.selected, ['azure-kubernetes-service'])],
    ['focus=AKS&depth=2', async (s, page) => {
      const expected = (await api(base, '/api/v1/graph?focus=AKS&depth=2')).body.nodes.length;
      assert.ok(s.nodes < 83 && s.nodes >= expected - 1, `the neighbourhood is drawn (${s.nodes} nodes)`);
      assert.match(await page.textContent('#focus-chip'), /Azure Kubernetes Service/);
      assert.equal(await page.inputValue('#focus-depth'), '2');
    }],
    ['focus=azure kubernetes service', async (s) => assert.ok(s.nodes < 20)],
    ['kind=service&kind=Category', async (s) => assert.deepEqual(s.kinds, ['category', 'service'])],
    ['cat=Storage Services', async (s) => assert.ok(s.nodes < 30 && s.nodes > 5, `${s.nodes} nodes`)],
    ['cat=storage-services&cat=compute-services', async (s) => assert.ok(s.nodes > 10 && s.nodes < 50)],
    ['rel=uses&rel=Scales With', async (s, page) => {
      const relations = await page.evaluate(() => [...new Set(window.servicemap.cy.edges('[!membership]').map((e) => e.data('relation')))].sort());
      assert.deepEqual(relations, ['scales with', 'uses']);
    }],
    ['members=0', async (_s, page) => assert.equal(await page.evaluate(() => window.servicemap.cy.edges('[?membership]').length), 0)],
    ['from=AKS&to=VMSS&via=true&directed=true&k=2', async (s, page) => {
      assert.ok(s.pathNodes.includes('virtual-machine-scale-sets'));
      assert.ok(await page.isChecked('#path-form input[name="via"]'), 'via=true checks the box');
      assert.ok(await page.isChecked('#path-form input[name="directed"]'));
      assert.equal(await page.inputValue('#path-form input[name="k"]'), '2');
    }],
    ['from=AKS&to=VMSS&prel=uses&prel=scales with&avoid=Azure Batch', async (s, page) => {
      assert.ok(s.pathNodes.includes('virtual-machines'));
      assert.equal(await page.inputValue('#path-avoid'), 'Azure Batch');
    }],
    ['ask=what integrates with Synapse', async (s) => assert.ok(s.answerNodes.length > 0)],
    ['impact=VM', async (_s, page) => {
      const expected = (await api(base, '/api/v1/nodes/VM/impact')).body;
      assert.equal(await page.locator('#impact-results .impact-item').count(), expected.reached.length);
      assert.equal(await page.inputValue('#impact-node'), 'VM');
    }],
    ['impact=aks&direction=Dependencies&impact_depth=1', async (_s, page) => {
      const expected = (await api(base, '/api/v1/nodes/aks/impact?direction=dependencies&depth=1')).body;
      assert.equal(await page.locator('#impact-results .impact-item').count(), expected.reached.length);
      assert.ok(expected.reached.every((r) => r.distance === 1));
      assert.ok(await page.isChecked('#impact-form input[value="dependencies"]'), 'the direction is set');
      assert.equal(await page.inputValue('#impact-form input[name="depth"]'), '1');
    }],
    ['query=MATCH (s:Service)-[:uses]->(t) RETURN s, t', async (s, page) => {
      assert.ok(s.answerNodes.length > 0);
      await page.locator('#answer .results-table tbody tr').first().waitFor();
    }],
    ['node=azure-synapse-analytics&from=AKS&to=VMSS', async (s, page) => {
      assert.ok(s.pathNodes.length > 0);
      await page.locator('#details h2', { hasText: 'Azure Synapse Analytics' }).waitFor();
    }],
  ];
  for (const [hash, check] of links) {
    test(`the link #${hash} opens its view`, TEST, async () => {
      await page.goto('about:blank');
      await openPage(page, `${base}/#${hash.replace(/ /g, '%20')}`);
      if (/from=|ask=|query=|impact=/.test(hash)) {
        await page.waitForFunction(() => window.servicemap.cy.nodes('.hl-path, .hl-answer, .hl-impact').length > 0);
      }
      if (/node=/.test(hash)) await page.waitForFunction(() => window.servicemap.cy.nodes('.picked').length > 0);
      await check(await graphState(page), page);
      assert.ok(await page.isHidden('#notice[data-owner="link"]'), 'no ref of the link went unresolved');
    });
  }

  test('a link naming no node says so and offers the closest', TEST, async () => {
    await page.goto('about:blank');
    await openPage(page, `${base}/#focus=vnet%20gatway`);
    const choice = page.locator('#notice .problem button.choice', { hasText: 'VPN Gateway' });
    await choice.waitFor();
    await choice.click();
    await page.waitForFunction(() => window.servicemap.store.get().view.focus === 'vpn-gateway');
  });

  test('filters hide kinds and relations', TEST, async () => {
    await page.goto('about:blank');
    await openPage(page, `${base}/`);
    const concept = page.locator('#filters input[name="filter-kind"][value="concept"]');
    await concept.uncheck();
    let state = await graphState(page);
    assert.ok(!state.kinds.includes('concept'), 'no concept is drawn');
    assert.match(page.url(), /kind=/);
    await concept.check();
    state = await graphState(page);
    assert.ok(state.kinds.includes('concept'));
    await page.locator('#filter-memberships').uncheck();
    assert.equal(await page.evaluate(() => window.servicemap.cy.edges('[?membership]').length), 0);
    assert.match(page.url(), /members=0/);
    await page.locator('#filter-memberships').check();
    measured.axe['filters 1400x900'] = await axeCheck(page, 'the tools');
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
    await page.keyboard.press('+');
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

  test('a map of thousands of nodes is capped and every layout leaves the tab free', TEST, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicemap-big-'));
    fs.writeFileSync(path.join(dir, 'big.md'), bigMap(20, 120));
    const big = await startServer(dir);
    servers.push(big);
    try {
      const total = (await api(big.base, '/api/v1/stats')).body.nodes.total;
      assert.ok(total > 3000, `${total} nodes`);
      await page.goto('about:blank');
      const started = Date.now();
      await openPage(page, `${big.base}/`);
      const loadMs = Date.now() - started;
      let state = await graphState(page);
      assert.equal(state.nodes, 500, 'the drawing is capped');
      assert.match(await page.textContent('#notice'), new RegExp(`500 .* of ${total} nodes`));
      // Interactions: another layout, zooming, a filter, a neighbourhood.
      const main = [];
      const time = async (what, action) => {
        const before = await page.evaluate(() => window.servicemap.graph.layoutTimes.length);
        await action();
        await page.waitForFunction((n) => window.servicemap.graph.layoutTimes.length > n, before);
        await settle(page);
        const last = await page.evaluate(() => window.servicemap.graph.layoutTimes.at(-1));
        main.push({ what, ...last });
      };
      await time('re-layout', () => page.click('#relayout'));
      const category = page.locator('#filters input[name="filter-category"]').first();
      await time('filter', () => category.uncheck());
      await time('filter back', () => category.check());
      const zoomMs = await page.evaluate(async () => {
        const { graph, cy } = window.servicemap;
        const t0 = performance.now();
        cy.zoom({ level: cy.zoom() * 2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
        graph.restyle(cy.zoom());
        graph.placeLabels();
        return Math.round(performance.now() - t0);
      });
      const longest = await page.evaluate(() => new Promise((resolve) => {
        let max = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) max = Math.max(max, entry.duration);
        }).observe({ type: 'longtask', buffered: true });
        setTimeout(() => resolve(max), 100);
      }));
      for (const m of main) assert.ok(m.main < 200, `${m.what}: ${m.main} ms on the main thread`);
      assert.ok(zoomMs < 200, `a zoom takes ${zoomMs} ms`);
      measured.layout['500-node cap'] = { interactions: main.map((m) => `${m.what} ${m.worker}/${m.main}`), zoomMs, longestTaskMs: Math.round(longest) };

      const hidden = await page.evaluate(() => {
        const { model, cy } = window.servicemap;
        return [...model.nodes.values()].find((n) => n.kind === 'service' && cy.getElementById(n.id).empty()).name;
      });
      await page.fill('#search', hidden);
      await page.locator('#search ~ [role="listbox"] [role="option"]', { hasText: hidden }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('#details h2', { hasText: hidden }).waitFor();
      await settle(page);
      state = await graphState(page);
      assert.ok(state.nodes < 50, `a node left out of the capped drawing opens with its neighbourhood (${state.nodes} nodes)`);
      assert.match(page.url(), /focus=/);
      t.diagnostic(`large map: ${total} nodes, page ready in ${loadMs} ms, ${JSON.stringify(measured.layout['500-node cap'])}`);
    } finally {
      await page.goto('about:blank');
      await stopServer(big);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a map of 26,000 nodes opens on its categories and loads a category on demand', TEST, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicemap-huge-'));
    fs.writeFileSync(path.join(dir, 'huge.md'), bigMap(25, 1000));
    const huge = await startServer(dir);
    servers.push(huge);
    try {
      const stats = (await api(huge.base, '/api/v1/stats')).body;
      assert.ok(stats.nodes.total > 20_000, `${stats.nodes.total} nodes`);
      await page.goto('about:blank');
      const started = Date.now();
      await openPage(page, `${huge.base}/`);
      const loadMs = Date.now() - started;
      let state = await graphState(page);
      assert.equal(state.nodes, stats.nodes.category, 'the overview draws the categories');
      assert.deepEqual(state.kinds, ['category']);
      assert.match(await page.textContent('#notice'), /categories with the number of services/);
      assert.match(await page.evaluate(() => window.servicemap.cy.nodes()[0].data('label')), /\(1,000\)/, 'each category shows its size');
      await shot(page, 'overview-large-map');
      measured.axe['large map overview'] = await axeCheck(page, 'the large-map overview');

      // A tap on a category opens it onto its services, within the cap.
      const category = await page.evaluate(() => {
        const { cy } = window.servicemap;
        const n = cy.nodes()[0];
        const p = n.renderedPosition();
        const box = cy.container().getBoundingClientRect();
        return { id: n.id(), x: box.left + p.x, y: box.top + p.y };
      });
      await page.mouse.click(category.x, category.y);
      await page.waitForFunction((id) => window.servicemap.store.get().view.focus === id
        && window.servicemap.cy.nodes().length > 100, category.id, { timeout: STEP });
      await settle(page);
      state = await graphState(page);
      assert.equal(state.nodes, 500, 'the category is drawn within the node cap');
      const layout = await page.evaluate(() => window.servicemap.graph.layoutTimes.at(-1));
      assert.ok(layout.main < 200, `the layout took ${layout.main} ms of the main thread`);
      const report = await labelReport(page);
      assert.equal(report.overlapPairs, 0, `no two drawn labels overlap (${report.overlaps})`);
      measured.layout['large map, a category of 500'] = `${layout.worker}/${layout.main}`;

      // Search reaches a node that is not loaded yet; it opens with its neighbourhood.
      await page.fill('#search', 'Service 7-7');
      await page.locator('#search ~ [role="listbox"] [role="option"]', { hasText: 'Service 7-7' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('#details h2', { hasText: 'Service 7-7' }).waitFor();
      await page.waitForFunction(() => window.servicemap.store.get().view.focus === 'service-7-7'
        && window.servicemap.cy.getElementById('service-7-7').nonempty() && window.servicemap.cy.nodes().length > 1);
      await settle(page);
      state = await graphState(page);
      assert.ok(state.nodes > 1 && state.nodes < 50, `its neighbourhood is drawn (${state.nodes} nodes)`);
      await page.click('#focus-clear');
      await settle(page);
      t.diagnostic(`large map: ${stats.nodes.total} nodes, overview ready in ${loadMs} ms, a category laid out in ${layout.worker} ms (worker), ${layout.main} ms (main thread)`);
    } finally {
      await page.goto('about:blank');
      await stopServer(huge);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('nothing went wrong in the pages', TEST, () => {
  assert.deepEqual(problems, []);
});
