// The dashboard: loads the graph, wires every control to the view state,
// and keeps the URL in step so a copied link restores the view.

import { onVersion } from './api.js';
import { ask } from './ask.js';
import { showNode } from './details.js';
import { $, announce, h, replace } from './dom.js';
import { exportJson, exportPng, exportSvg } from './exporting.js';
import { renderFilters } from './filters.js';
import { GraphView } from './graph.js';
import { loadModel, MEMBERSHIP } from './model.js';
import { categoryColours, CONCEPT_FILL, UNCATEGORISED } from './palette.js';
import { fillRelations, readForm, runPath, writeForm } from './paths.js';
import { autocomplete } from './search.js';
import { showDiagnostics, showStats, watchVersion } from './status.js';
import { CAP, visibleSubgraph } from './subgraph.js';
import { emptyView, fromHash, toHash } from './view.js';

const app = {
  model: null,
  colours: new Map(),
  graph: null,
  view: emptyView(),
  highlight: null, // {kind: 'path'|'answer', nodes: Set, edges: Set}
};

/** The colour a node is drawn in, for swatches outside the graph. */
function colourOf(node) {
  if (node.kind === 'category') return app.colours.get(node.id) ?? UNCATEGORISED;
  if (node.kind === 'concept') return CONCEPT_FILL;
  const full = app.model?.nodes.get(node.id);
  return app.colours.get(full?.categories[0]) ?? UNCATEGORISED;
}

/** Redraws from the view state and writes it to the URL. */
function update() {
  const { model, view, graph } = app;
  const pinned = [view.node, view.focus, ...(app.highlight?.nodes ?? [])];
  const sub = visibleSubgraph(model, view, pinned);
  graph.draw(sub);
  graph.setFocusRoot(view.focus);
  graph.setHighlight(app.highlight);
  graph.select(view.node);

  const notice = $('#notice');
  if (sub.total > sub.shown) {
    notice.hidden = false;
    notice.textContent = view.focus
      ? `Showing the ${CAP} nearest of ${sub.total} nodes around ${model.nodes.get(view.focus)?.name}. Lower the depth or filter to see less.`
      : `Showing the ${CAP} most connected of ${sub.total} nodes. Search for a node and choose “Show neighbourhood” to explore the rest.`;
  } else if (sub.nodes.length === 0) {
    notice.hidden = false;
    notice.textContent = 'No node matches the filters.';
  } else notice.hidden = true;

  const chip = $('#focus-chip');
  chip.hidden = !view.focus;
  if (view.focus) {
    $('#focus-name').textContent = model.nodes.get(view.focus)?.name ?? view.focus;
    $('#focus-depth').value = String(view.depth);
  }
  const hash = toHash(view);
  if (location.hash.replace(/^#/, '') !== hash) history.replaceState(null, '', hash ? `#${hash}` : location.pathname);
}

async function openNode(ref, { center = true } = {}) {
  const panel = $('#details');
  const node = await showNode(panel, ref, {
    open: (id) => openNode(id),
    focus: (id) => {
      app.view.focus = id;
      update();
      app.graph.fit();
    },
    pathFrom: (name) => fillPath('from', name),
    pathTo: (name) => fillPath('to', name),
    colourOf,
  });
  if (!node) return;
  app.view.node = node.id;
  // On a map too large to draw whole, a node left out is shown with its
  // neighbourhood rather than squeezed into the capped drawing.
  if (app.graph.cy.getElementById(node.id).empty() && visibleSubgraph(app.model, { ...app.view, focus: null }).total > CAP) {
    app.view.focus = node.id;
  }
  update();
  app.graph.select(node.id, { center });
  announce(`Opened ${node.name}`);
}

function closeNode() {
  $('#details').hidden = true;
  app.view.node = null;
  update();
}

function fillPath(field, name) {
  const form = $('#path-form');
  form.elements[field === 'avoid' ? 'avoid' : field].value = name;
  $('#path-tools').open = true;
  form.elements[field].focus();
}

async function findPath(path) {
  app.view.path = path;
  app.view.ask = null;
  $('#answer').hidden = true;
  app.highlight = null;
  update();
  app.highlight = await runPath(path, $('#path-results'), {
    open: (id) => openNode(id),
    fill: fillPath,
    onChoose: (light) => {
      app.highlight = light;
      update();
      app.graph.fit();
    },
  });
  update();
  if (app.highlight) app.graph.fit();
}

function clearPath() {
  app.view.path = null;
  writeForm($('#path-form'), null);
  replace($('#path-results'));
  if (app.highlight?.kind === 'path') app.highlight = null;
  update();
}

async function askQuestion(question) {
  app.view.ask = question;
  app.view.path = null;
  replace($('#path-results'));
  app.highlight = null;
  update();
  app.highlight = await ask(question, $('#answer'), { open: (id) => openNode(id) });
  update();
  if (app.highlight) app.graph.fit();
}

function clearAnswer() {
  $('#answer').hidden = true;
  app.view.ask = null;
  if (app.highlight?.kind === 'answer') app.highlight = null;
  update();
}

async function copyLink() {
  const link = location.href;
  try {
    await navigator.clipboard.writeText(link);
    announce('Link copied to the clipboard');
    flash($('#copy-link'), 'Copied');
  } catch {
    // No clipboard access: show the link to copy by hand.
    const notice = $('#notice');
    notice.hidden = false;
    const field = h('input', { type: 'text', readonly: true, value: link, 'aria-label': 'Link to this view', class: 'link-field' });
    replace(notice, 'Copy this link: ', field);
    field.select();
  }
}

function flash(button, text) {
  const before = button.textContent;
  button.textContent = text;
  setTimeout(() => { button.textContent = before; }, 1200);
}

/** Applies a view read from the URL: filters, focus, node, path, question. */
async function restore(view) {
  app.view = view;
  app.highlight = null;
  renderFilters($('#filters'), app.model, app.colours, view, onFilter);
  writeForm($('#path-form'), view.path);
  $('#ask-input').value = view.ask ?? '';
  if (!view.path) replace($('#path-results'));
  if (!view.ask) $('#answer').hidden = true;
  update();
  if (view.node) await openNode(view.node, { center: false });
  else $('#details').hidden = true;
  if (view.path) await findPath(view.path);
  else if (view.ask) await askQuestion(view.ask);
}

function onFilter(patch) {
  Object.assign(app.view, patch);
  update();
}

function wire() {
  autocomplete($('#search'), {
    colourOf,
    onPick: (node) => openNode(node.id),
    onEnterText: (text) => text && openNode(text),
  });
  const form = $('#path-form');
  for (const name of ['from', 'to']) {
    autocomplete(form.elements[name], { colourOf, onPick: () => {} });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const path = readForm(form);
    if (!path.from || !path.to) {
      replace($('#path-results'), h('p', { class: 'error', role: 'alert' }, 'Choose both ends of the path.'));
      return;
    }
    findPath(path);
  });
  $('#path-swap').addEventListener('click', () => {
    const [a, b] = [form.elements.from.value, form.elements.to.value];
    form.elements.from.value = b;
    form.elements.to.value = a;
  });
  $('#path-clear').addEventListener('click', clearPath);
  $('#ask-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = $('#ask-input').value.trim();
    if (q) askQuestion(q);
  });
  $('#answer-close').addEventListener('click', clearAnswer);
  $('#details-close').addEventListener('click', closeNode);
  $('#details').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      closeNode();
      $('#search').focus();
    }
  });
  $('#focus-clear').addEventListener('click', () => {
    app.view.focus = null;
    update();
    app.graph.fit();
  });
  $('#focus-depth').addEventListener('change', (event) => {
    app.view.depth = Number(event.target.value);
    update();
  });
  $('#fit').addEventListener('click', () => app.graph.fit());
  $('#relayout').addEventListener('click', () => app.graph.relayout());
  $('#toggle-tools').addEventListener('click', (event) => {
    const hidden = document.body.classList.toggle('tools-hidden');
    event.currentTarget.setAttribute('aria-expanded', String(!hidden));
    event.currentTarget.textContent = hidden ? 'Show tools' : 'Hide tools';
    app.graph.cy.resize();
    app.graph.fit();
  });
  $('#copy-link').addEventListener('click', copyLink);
  $('#export-png').addEventListener('click', () => exportPng(app.graph.cy));
  $('#export-svg').addEventListener('click', () => exportSvg(app.graph.cy));
  $('#export-json').addEventListener('click', () =>
    exportJson(app.graph.cy, { version: app.model.stats?.version, link: location.href }));
  document.addEventListener('keydown', (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName);
    if (event.key === '/' && !typing) {
      event.preventDefault();
      $('#search').focus();
    }
  });
  window.addEventListener('hashchange', () => restore(fromHash(location.hash)));
}

async function boot() {
  const loading = $('#loading');
  try {
    app.model = await loadModel();
  } catch (error) {
    replace(loading, h('p', { class: 'error', role: 'alert' }, `The map could not be loaded: ${error.message}`));
    return;
  }
  const { model } = app;
  app.colours = categoryColours(model.categories.map((c) => c.id));
  app.graph = new GraphView($('#graph'), model, app.colours, {
    onNodeTap: (id) => openNode(id, { center: false }),
    onBackgroundTap: () => app.view.node && closeNode(),
  });
  // A handle for debugging in the console and for the end-to-end tests.
  window.servicemap = { app, cy: app.graph.cy };
  fillRelations($('#path-form'), model.relations.filter((r) => r.label !== MEMBERSHIP));
  showStats(model);
  onVersion(watchVersion(model.stats?.version));
  wire();
  showDiagnostics();
  loading.hidden = true;
  await restore(fromHash(location.hash));
  document.body.dataset.ready = 'true';
}

boot();
