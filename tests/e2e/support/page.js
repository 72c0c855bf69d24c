// The dashboard in a page: waits, state read through the handle main.js
// exposes, label measurements and screenshots.

import fs from 'node:fs';
import path from 'node:path';

import { ROOT } from './server.js';

export const STEP = 15_000; // the longest any one wait may take
const SHOTS = path.resolve(ROOT, process.env.SCREENSHOT_DIR ?? 'docs/screenshots');

/** The screens every view is tried at; `drawer`: the tools are a drawer (styles.css). */
export const SCREENS = [
  { name: '1400x900', width: 1400, height: 900 },
  { name: '1024x700', width: 1024, height: 700, drawer: true },
  { name: 'phone', width: 390, height: 844, touch: true, drawer: true },
];

/** Waits for the layout and the labels of the latest drawing. */
export async function settle(page) {
  await page.waitForFunction(() => document.querySelector('#graph')?.dataset.layout === 'done', null, { timeout: 2 * STEP });
  // Two frames: the labels are placed on the next animation frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300); // a centring or fit animation
}

/** The first load of a page on a busy machine (a cold browser) may take longer. */
const FIRST_LOAD = 4 * STEP;

export async function openPage(page, url) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url, { timeout: FIRST_LOAD });
      await page.waitForSelector('body[data-ready="true"]', { timeout: FIRST_LOAD });
      break;
    } catch (error) {
      // Once more when the browser lost the page's scripts to a network
      // change (net::ERR_NETWORK_CHANGED on a shared machine).
      // (The test's console listener notes those in page.lastNetworkError.)
      if (attempt > 1 || !NETWORK_CHANGED.test(page.lastNetworkError ?? '')) throw error;
      page.lastNetworkError = null;
    }
  }
  await settle(page);
}

/** A failed load the machine's network caused, not the page. */
export const NETWORK_CHANGED = /ERR_NETWORK_CHANGED/;

export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** What the graph draws and marks. */
export function graphState(page) {
  return page.evaluate(() => {
    const { cy } = window.servicemap;
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

/**
 * The drawn labels as Cytoscape.js renders them: font sizes in screen
 * pixels by kind, and the label boxes that overlap (by more than 1 px
 * each way). Only labels inside the graph's area count.
 */
export function labelReport(page) {
  return page.evaluate(() => {
    const { cy } = window.servicemap;
    const z = cy.zoom();
    const [w, h] = [cy.width(), cy.height()];
    const drawn = cy.elements().filter((e) => Boolean(e.style('label')) && e.visible());
    const sizes = {};
    const items = [];
    for (const e of drawn) {
      const box = e.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false, includeUnderlays: false });
      if (box.x2 < 0 || box.y2 < 0 || box.x1 > w || box.y1 > h) continue;
      const kind = e.isNode() ? e.data('kind') : 'edge';
      const px = parseFloat(e.style('font-size')) * z;
      const s = (sizes[kind] ??= { n: 0, min: Infinity, max: 0 });
      s.n += 1;
      s.min = Math.min(s.min, Math.round(px * 10) / 10);
      s.max = Math.max(s.max, Math.round(px * 10) / 10);
      items.push({ id: e.id(), box });
    }
    const overlaps = [];
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i].box;
        const b = items[j].box;
        const ow = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
        const oh = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (ow > 1 && oh > 1) overlaps.push(`${items[i].id} / ${items[j].id}`);
      }
    }
    const nodes = (kind) => cy.nodes(`[kind = "${kind}"]`);
    const edgeLabels = cy.edges('.spoken').map((e) => {
      const a = e.source().renderedPosition();
      const b = e.target().renderedPosition();
      const length = Math.hypot(b.x - a.x, b.y - a.y) - (e.source().renderedWidth() + e.target().renderedWidth()) / 2;
      const box = e.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      return { id: e.id(), fits: Math.max(box.w, box.h) <= length + 4 };
    });
    return {
      zoom: Math.round(z * 1000) / 1000,
      sizes,
      overlapPairs: overlaps.length,
      overlaps: overlaps.slice(0, 5),
      categories: nodes('category').length,
      categoriesLabelled: nodes('category').filter((n) => Boolean(n.style('label'))).length,
      services: nodes('service').length,
      servicesLabelled: nodes('service').filter((n) => Boolean(n.style('label'))).length,
      edgeLabels,
    };
  });
}
