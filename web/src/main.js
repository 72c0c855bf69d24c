// The dashboard: loads the graph, keeps the page's state in one store,
// and lets each feature react to it; the URL follows the store so a
// copied link restores the view.

import { get, onVersion, revalidateFor } from './api.js';
import { ask } from './ask.js';
import { showNode } from './details.js';
import { $, announce, h, replace } from './dom.js';
import { exportJson, exportPng, exportSvg } from './exporting.js';
import { renderFilters } from './filters.js';
import { GraphView } from './graph.js';
import { runImpact } from './impact.js';
import { changedNodes, changeSet, changesView, keepGhosts, subscribe } from './live.js';
import { loadAround, loadModel, Model, reloadModel } from './model.js';
import { categoryColours, CONCEPT_FILL, UNCATEGORISED } from './palette.js';
import { problemView } from './problem.js';
import { fillRelations, readForm, runPath, writeForm } from './paths.js';
import { queryConsole, runQuery } from './query.js';
import { autocomplete } from './search.js';
import { showDiagnostics, showStats, watchVersion } from './status.js';
import { ACTIONS, createStore, startAction } from './store.js';
import { CAP, visibleSubgraph } from './subgraph.js';
import { emptyView, fromHash, impactQuery, toHash } from './view.js';

/**
 * view: what the URL holds (view.js); highlight: the last action's
 * {kind: 'path'|'answer'|'impact', nodes, edges, classes?} or null;
 * pinned: keep highlights across actions; loads: parts of a partial map
 * loaded so far; changes: what the last reload changed (live.js), shown
 * until dismissed, or null.
 */
const store = createStore({ view: emptyView(), highlight: null, pinned: false, loads: 0, changes: null });
let model = null;
let colours = new Map();
let graph = null;
/** The media query under which the tools are a drawer (styles.css). */
const DRAWER = '(max-width: 1100px)';
let action = 0; // the latest action; an older one's late answer is dropped
let editor = null; // the query console
let live = null; // the server's events (live.js)

const view = () => store.get().view;
const setView = (patch) => store.set((s) => ({ view: { ...s.view, ...patch } }));

/** The colour a node is drawn in, for swatches outside the graph. */
function colourOf(node) {
  if (node.kind === 'category') return colours.get(node.id) ?? UNCATEGORISED;
  if (node.kind === 'concept') return CONCEPT_FILL;
  const full = model?.nodes.get(node.id);
  return colours.get(full?.categories[0]) ?? UNCATEGORISED;
}

/** The drawing follows the view and the highlight. */
function drawGraph({ view: v, highlight, changes }) {
  const pinned = [v.node, v.focus, ...(highlight?.nodes ?? []), ...changedNodes(changes)];
  const sub = visibleSubgraph(model, v, pinned);
  graph.draw(sub);
  graph.setFocusRoot(v.focus);
  graph.setChanges(changes);
  graph.setHighlight(highlight);
  graph.select(v.node);
  showCapNotice(sub, v);
}

function showCapNotice(sub, v) {
  const notice = $('#notice');
  if (notice.dataset.owner === 'link') return;
  if (model.partial && !v.focus) {
    notice.hidden = false;
    notice.textContent = `A map of ${model.stats?.nodes?.total ?? 'many'} nodes: here are its ${model.categories.length} categories `
      + 'with the number of services in each. Open a category, or search for a node, to draw its part of the map.';
  } else if (sub.total > sub.shown) {
    notice.hidden = false;
    notice.textContent = v.focus
      ? `Showing the ${CAP} nearest of ${sub.total} nodes around ${model.nodes.get(v.focus)?.name}. Lower the depth or filter to see less.`
      : `Showing the ${CAP} most connected of ${sub.total} nodes. Search for a node and choose “Show neighbourhood” to explore the rest.`;
  } else if (sub.nodes.length === 0) {
    notice.hidden = false;
    notice.textContent = 'No node matches the filters.';
  } else notice.hidden = true;
}

/** On a partial map, the focus's neighbourhood is loaded before it is drawn. */
let loading = null;
function loadFocus({ view: v }) {
  if (!model.partial || !v.focus) return;
  const key = `${v.focus}:${v.depth}`;
  if (model.loaded.has(key) || loading === key) return;
  loading = key;
  document.body.dataset.loading = 'true';
  loadAround(model, v.focus, v.depth)
    .then(() => store.set({ loads: model.loaded.size }))
    .catch((error) => {
      const notice = $('#notice');
      notice.hidden = false;
      replace(notice, problemView(error));
    })
    .finally(() => {
      if (loading === key) loading = null;
      delete document.body.dataset.loading;
    });
}

/** The neighbourhood chip shows the focus the drawing uses. */
function showFocusChip({ view: v }) {
  const chip = $('#focus-chip');
  chip.hidden = !v.focus;
  if (v.focus) {
    $('#focus-name').textContent = model.nodes.get(v.focus)?.name ?? v.focus;
    $('#focus-depth').value = String(v.depth);
  }
}

function writeUrl({ view: v }) {
  const hash = toHash(v);
  if (location.hash.replace(/^#/, '') !== hash) history.replaceState(null, '', hash ? `#${hash}` : location.pathname);
}

function showPinned({ pinned }) {
  const button = $('#pin');
  button.setAttribute('aria-pressed', String(pinned));
  document.body.classList.toggle('pinned', pinned);
}

/** The node panel follows view.node: closed when it is null. */
function followPanel({ view: v }, previous) {
  if (!v.node && previous.view.node) $('#details').hidden = true;
}

/**
 * Opens node `ref` in the panel. `fresh`: a new action (from the search),
 * which clears the last one's highlight unless pinned.
 */
async function openNode(ref, { center = true, fresh = false } = {}) {
  const mine = fresh ? ++action : action;
  if (fresh) store.set((s) => startAction(s));
  const node = await showNode($('#details'), ref, {
    open: (id) => openNode(id),
    focus: (id) => showNeighbourhood(id),
    pathFrom: (name) => fillPath('from', name),
    pathTo: (name) => fillPath('to', name),
    impact: (name) => {
      if (!matchMedia(DRAWER).matches) openTools();
      showImpact(impactQuery(name));
    },
    colourOf,
  });
  if (mine !== action) return;
  if (!node) {
    setView({ node: null });
    $('#details').hidden = false;
    return;
  }
  // On a map too large to draw whole, a node left out is shown with its
  // neighbourhood rather than squeezed into the capped drawing; in the
  // overview, a category opens onto its services.
  const patch = { node: node.id };
  const drawn = graph.cy.getElementById(node.id).nonempty();
  if (!drawn && (model.partial || visibleSubgraph(model, { ...view(), focus: null }).total > CAP)) patch.focus = node.id;
  if (model.partial && !view().focus && node.kind === 'category') patch.focus = node.id;
  setView(patch);
  // A new neighbourhood is fitted whole once laid out; else the node is brought into view.
  graph.select(node.id, { center: center && !patch.focus });
  announce(`Opened ${node.name}`);
}

function showNeighbourhood(id) {
  ++action;
  store.set((s) => startAction(s, { focus: id, node: s.view.node }));
  graph.fit();
}

function closeNode() {
  setView({ node: null });
}

function fillPath(field, name) {
  const form = $('#path-form');
  form.elements[field].value = name;
  openTools();
  $('#path-tools').open = true;
  form.elements[field].focus();
}

/**
 * The patch that starts an action with its `fields`: `fresh`, a new
 * action (startAction); else one a link restores, which keeps the link's
 * open node.
 */
function restart(s, fresh, fields) {
  return fresh ? startAction(s, fields) : { view: { ...s.view, ...ACTIONS, node: s.view.node, ...fields }, highlight: null };
}

/** Empties the result lists of the other actions than `keep`. */
function clearResults(keep) {
  if (keep !== 'path') replace($('#path-results'));
  if (keep !== 'impact') replace($('#impact-results'));
  if (keep !== 'answer') $('#answer').hidden = true;
}

/** `fresh`: a new action, which clears the last one's highlight and panel unless pinned. */
async function findPath(path, { fresh = true } = {}) {
  const mine = ++action;
  clearResults('path');
  store.set((s) => restart(s, fresh, { path }));
  writeForm($('#path-form'), path);
  const highlight = await runPath(path, $('#path-results'), {
    open: (id) => openNode(id),
    choose: (parameter, name) => {
      const field = { from: 'from', to: 'to', avoid: 'avoid' }[parameter] ?? null;
      if (!field) return;
      findPath({ ...path, [field]: field === 'avoid' ? [name] : name });
    },
    onChoose: (light) => {
      store.set({ highlight: light });
      graph.fit();
    },
  });
  if (mine !== action) return;
  store.set({ highlight });
  if (highlight) graph.fit();
}

function clearPath() {
  writeForm($('#path-form'), null);
  replace($('#path-results'));
  store.set((s) => ({ view: { ...s.view, path: null }, highlight: s.highlight?.kind === 'path' ? null : s.highlight }));
}

async function askQuestion(question, { fresh = true } = {}) {
  const mine = ++action;
  clearResults('answer');
  $('#ask-input').value = question;
  store.set((s) => restart(s, fresh, { ask: question }));
  $('#answer h2').textContent = 'Answer';
  const highlight = await ask(question, $('#answer'), {
    open: (id) => openNode(id),
    reask: (q) => askQuestion(q),
    toConsole: (cypher) => openInConsole(cypher),
  });
  if (mine !== action) return;
  store.set({ highlight });
  if (highlight) graph.fit();
}

/** Runs a Cypher query: the answer as a table (and plan) and a highlight. */
async function query(text, { fresh = true } = {}) {
  const mine = ++action;
  clearResults('answer');
  editor.set(text);
  store.set((s) => restart(s, fresh, { query: text }));
  const highlight = await runQuery(text, $('#answer'), { open: (id) => openNode(id), rerun: (t) => query(t) });
  if (mine !== action) return;
  store.set({ highlight });
  if (highlight) graph.fit();
}

/** Puts `cypher` (a question's interpretation) into the query console and runs it. */
function openInConsole(cypher) {
  openTools();
  $('#query-tools').open = true;
  editor.refresh();
  query(cypher);
}

/** The impact form's values as the view's `impact`. */
function readImpactForm() {
  const form = $('#impact-form');
  return impactQuery(form.elements.node.value.trim(), form.elements.direction.value, form.elements.depth.value);
}

function writeImpactForm(impact) {
  const form = $('#impact-form');
  form.elements.node.value = impact?.node ?? '';
  form.elements.direction.value = impact?.direction ?? 'dependents';
  form.elements.depth.value = String(impact?.depth ?? impactQuery('').depth);
}

/** What depends on a node (or what it depends on), listed by distance and highlighted. */
async function showImpact(impact, { fresh = true } = {}) {
  const mine = ++action;
  clearResults('impact');
  store.set((s) => restart(s, fresh, { impact }));
  writeImpactForm(impact);
  $('#impact-tools').open = true;
  const highlight = await runImpact(impact, $('#impact-results'), {
    open: (id) => openNode(id),
    choose: (name) => showImpact({ ...impact, node: name }),
    flip: () => showImpact({ ...impact, direction: impact.direction === 'dependents' ? 'dependencies' : 'dependents' }),
  });
  if (mine !== action) return;
  store.set({ highlight });
  if (highlight) {
    graph.fit();
    announce($('#impact-results .result-summary')?.textContent ?? '');
  }
}

function clearImpact() {
  writeImpactForm(null);
  replace($('#impact-results'));
  store.set((s) => ({ view: { ...s.view, impact: null }, highlight: s.highlight?.kind === 'impact' ? null : s.highlight }));
}

/**
 * A new version of the graph: loads it, updates the drawing in place
 * and shows what changed until dismissed. Ghosts of the last change go
 * first; removed nodes and relations stay drawn (red) until dismissed.
 */
async function applyReload(version, previous) {
  // The answers the browser keeps (max-age) are of the last version.
  revalidateFor(30_000);
  model.dropRemoved();
  const before = Object.assign(new Model(), model);
  const fresh = await reloadModel(model);
  let diff = null;
  try {
    diff = await get('/api/v1/changes', { from: previous, to: fresh.stats?.version ?? version });
  } catch {
    // The previous version is no longer kept: the map is new, what changed is not known.
  }
  const changes = diff ? changeSet(diff, before, fresh) : blankChanges(fresh.stats?.version ?? version);
  keepGhosts(fresh, changes);
  model.replaceWith(fresh);
  const ids = model.categories.map((c) => c.id);
  const next = categoryColours(ids);
  colours.clear();
  for (const [id, colour] of next) colours.set(id, colour);
  fillRelations($('#path-form'), model.relations);
  renderFilters($('#filters'), model, colours, view(), onFilter);
  showStats(model);
  showDiagnostics();
  $('#version-notice').hidden = true;
  store.set({ changes, loads: model.loaded.size });
  const panel = $('#changes');
  replace(panel.querySelector('.changes-body'), changesView(changes, {
    open: (id) => openNode(id),
    isNode: (id) => model.nodes.has(id) && !model.nodes.get(id).removed,
  }));
  panel.hidden = false;
  const open = view().node;
  if (open) await openNode(open, { center: false });
  announce(`The map changed: version ${changes.version}`);
}

function blankChanges(version) {
  return {
    version, previous: null, added: new Set(), removed: new Set(), ghosts: { nodes: [], edges: [] },
    text: { addedNodes: [], removedNodes: [], addedRelations: [], removedRelations: [], renamed: [], moved: [] },
  };
}

function dismissChanges() {
  model.dropRemoved();
  $('#changes').hidden = true;
  store.set({ changes: null });
}

function clearAnswer() {
  $('#answer').hidden = true;
  store.set((s) => ({ view: { ...s.view, ask: null, query: null }, highlight: s.highlight?.kind === 'answer' ? null : s.highlight }));
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
    notice.dataset.owner = 'link';
    const field = h('input', { type: 'text', readonly: true, value: link, 'aria-label': 'Link to this view', class: 'link-field' });
    const done = h('button', { type: 'button', onclick: () => { delete notice.dataset.owner; notice.hidden = true; } }, 'Done');
    replace(notice, 'Copy this link: ', field, ' ', done);
    field.select();
  }
}

function flash(button, text) {
  const before = button.textContent;
  button.textContent = text;
  setTimeout(() => { button.textContent = before; }, 1200);
}

/** The id of node `ref` as people type it (id, name, alias, acronym), via the API's resolver. */
async function resolveRef(ref) {
  if (model.nodes.has(ref)) return { id: ref };
  try {
    return { id: (await get(`/api/v1/nodes/${encodeURIComponent(ref)}`)).id };
  } catch (error) {
    return { error };
  }
}

/**
 * The view with its refs resolved: `focus=AKS` and `cat=storage services`
 * become ids, relation labels match in any case. A ref nobody matches is
 * dropped and its problem shown with its suggestions.
 */
async function resolveView(v) {
  const out = { ...v };
  const problems = [];
  if (v.focus) {
    const r = await resolveRef(v.focus);
    out.focus = r.id ?? null;
    if (r.error) problems.push(['focus', v.focus, r.error]);
  }
  if (v.categories) {
    const ids = new Set();
    for (const ref of v.categories) {
      const r = await resolveRef(ref);
      if (r.id) ids.add(r.id);
      else problems.push(['cat', ref, r.error]);
    }
    out.categories = ids;
  }
  if (v.relations) {
    const byLower = new Map(model.relations.map((r) => [r.label.toLowerCase(), r.label]));
    out.relations = new Set([...v.relations].map((r) => byLower.get(r.toLowerCase()) ?? r));
  }
  return { view: out, problems };
}

function showLinkProblems(problems) {
  const notice = $('#notice');
  if (!problems.length) {
    if (notice.dataset.owner === 'link') { delete notice.dataset.owner; notice.hidden = true; }
    return;
  }
  notice.hidden = false;
  notice.dataset.owner = 'link';
  replace(notice, problems.map(([key, ref, error]) =>
    h('div', {}, h('p', {}, `The link's ${key}=${ref} names no node on this map.`),
      problemView(error, { node: (n) => { delete notice.dataset.owner; applyLinkChoice(key, ref, n.id); } }))),
  h('button', { type: 'button', onclick: () => { delete notice.dataset.owner; notice.hidden = true; } }, 'Dismiss'));
}

function applyLinkChoice(key, ref, id) {
  if (key === 'focus') setView({ focus: id });
  else setView({ categories: new Set([...(view().categories ?? []), id]) });
  $('#notice').hidden = true;
  renderFilters($('#filters'), model, colours, view(), onFilter);
}

/** Applies a view read from the URL: filters, focus, node, path, question. */
async function restore(fromUrl) {
  const mine = ++action;
  const { view: v, problems } = await resolveView(fromUrl);
  if (mine !== action) return;
  store.set({ view: { ...v, ...ACTIONS }, highlight: null });
  showLinkProblems(problems);
  renderFilters($('#filters'), model, colours, v, onFilter);
  writeForm($('#path-form'), v.path);
  $('#ask-input').value = v.ask ?? '';
  if (!v.path) replace($('#path-results'));
  writeImpactForm(v.impact);
  if (!v.impact) replace($('#impact-results'));
  else $('#impact-tools').open = true;
  if (!v.ask && !v.query) $('#answer').hidden = true;
  if (v.query) $('#query-tools').open = true;
  if (v.node) await openNode(v.node, { center: false });
  else $('#details').hidden = true;
  // A link's path or question runs with the link's open node kept.
  if (v.path) await findPath(v.path, { fresh: false });
  else if (v.ask) await askQuestion(v.ask, { fresh: false });
  else if (v.query) await query(v.query, { fresh: false });
  else if (v.impact) await showImpact(v.impact, { fresh: false });
  if (v.focus) graph.fit();
}

function onFilter(patch) {
  setView(patch);
}

function openTools() {
  document.body.classList.remove('tools-hidden');
  document.body.classList.add('tools-open');
  syncToolsButton();
}

function syncToolsButton() {
  const narrow = matchMedia(DRAWER).matches;
  const open = narrow ? document.body.classList.contains('tools-open') : !document.body.classList.contains('tools-hidden');
  const button = $('#toggle-tools');
  button.setAttribute('aria-expanded', String(open));
  button.textContent = open ? 'Hide tools' : 'Show tools';
}

function toggleTools() {
  const narrow = matchMedia(DRAWER).matches;
  if (narrow) document.body.classList.toggle('tools-open');
  else document.body.classList.toggle('tools-hidden');
  syncToolsButton();
  graph.cy.resize();
  if (!narrow) graph.fit();
}

function wire() {
  autocomplete($('#search'), {
    colourOf,
    onPick: (node) => openNode(node.id, { fresh: true }),
    onEnterText: (text) => text && openNode(text, { fresh: true }),
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
    if (matchMedia(DRAWER).matches) document.body.classList.remove('tools-open');
    syncToolsButton();
    findPath(path);
  });
  $('#path-swap').addEventListener('click', () => {
    const [a, b] = [form.elements.from.value, form.elements.to.value];
    form.elements.from.value = b;
    form.elements.to.value = a;
  });
  $('#path-clear').addEventListener('click', clearPath);
  const impactForm = $('#impact-form');
  autocomplete(impactForm.elements.node, { colourOf, onPick: () => {} });
  impactForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const impact = readImpactForm();
    if (!impact.node) {
      replace($('#impact-results'), h('p', { class: 'error', role: 'alert' }, 'Choose a node.'));
      return;
    }
    if (matchMedia(DRAWER).matches) document.body.classList.remove('tools-open');
    syncToolsButton();
    showImpact(impact);
  });
  // The direction is a toggle: changing it asks again for the node shown.
  for (const radio of impactForm.elements.direction) {
    radio.addEventListener('change', () => {
      const impact = readImpactForm();
      if (impact.node && view().impact) showImpact(impact);
    });
  }
  $('#impact-clear').addEventListener('click', clearImpact);
  $('#changes-dismiss').addEventListener('click', dismissChanges);
  $('#ask-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = $('#ask-input').value.trim();
    if (q) askQuestion(q);
  });
  editor = queryConsole($('#query-form'), { relations: () => model.relations, run: (text) => query(text) });
  $('#query-tools').addEventListener('toggle', () => editor.refresh());
  $('#answer-close').addEventListener('click', clearAnswer);
  $('#details-close').addEventListener('click', closeNode);
  $('#details').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      closeNode();
      $('#search').focus();
    }
  });
  $('#focus-clear').addEventListener('click', () => {
    setView({ focus: null });
    graph.fit();
  });
  $('#focus-depth').addEventListener('change', (event) => setView({ depth: Number(event.target.value) }));
  $('#fit').addEventListener('click', () => graph.fit());
  $('#relayout').addEventListener('click', () => graph.relayout());
  $('#pin').addEventListener('click', () => store.set((s) => ({ pinned: !s.pinned })));
  $('#toggle-tools').addEventListener('click', toggleTools);
  $('#tools-close').addEventListener('click', toggleTools);
  matchMedia(DRAWER).addEventListener('change', syncToolsButton);
  $('#copy-link').addEventListener('click', copyLink);
  $('#export-png').addEventListener('click', () => exportPng(graph.cy));
  $('#export-svg').addEventListener('click', () => exportSvg(graph.cy));
  $('#export-json').addEventListener('click', () =>
    exportJson(graph.cy, { version: model.stats?.version, link: location.href }));
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
    model = await loadModel();
  } catch (error) {
    replace(loading, h('p', {}, 'The map could not be loaded.'), problemView(error));
    return;
  }
  colours = categoryColours(model.categories.map((c) => c.id));
  graph = new GraphView($('#graph'), model, colours, {
    onNodeTap: (id) => openNode(id, { center: false }),
    onBackgroundTap: () => view().node && closeNode(),
  });
  for (const feature of [loadFocus, drawGraph, showFocusChip, writeUrl, showPinned, followPanel]) store.subscribe(feature);
  // A handle for debugging in the console and for the end-to-end tests.
  window.servicemap = { store, model, graph, cy: graph.cy };
  fillRelations($('#path-form'), model.relations);
  showStats(model);
  onVersion(watchVersion(() => model.stats?.version, () => live?.connected()));
  wire();
  syncToolsButton();
  showDiagnostics();
  loading.hidden = true;
  await restore(fromHash(location.hash));
  live = subscribe(() => model.stats?.version, (version, previous) => applyReload(version, previous));
  window.servicemap.live = live;
  document.body.dataset.ready = 'true';
}

boot();
