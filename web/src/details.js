// The node panel: what the graph knows about one node, every fact with
// the document and line it came from, every other node a button.

import { get } from './api.js';
import { h, replace, where } from './dom.js';
import { problemView } from './problem.js';
import { swatch } from './search.js';

/**
 * Shows node `ref` in `panel`. `actions` has open(id), focus(id),
 * pathFrom(name), pathTo(name), impact(name), close(), colourOf(node).
 */
export async function showNode(panel, ref, actions) {
  const body = panel.querySelector('.panel-body');
  panel.hidden = false;
  replace(body, h('p', { class: 'muted' }, 'Loading…'));
  let node;
  try {
    node = await get(`/api/v1/nodes/${encodeURIComponent(ref)}`);
  } catch (error) {
    replace(body,
      h('h2', { id: 'details-title', tabindex: '-1', class: 'problem-title' }, `Cannot open “${ref}”`),
      problemView(error, { node: (n) => actions.open(n.id) }));
    return null;
  }
  const link = (n) =>
    h('button', { type: 'button', class: 'node-link', onclick: () => actions.open(n.id), title: `Open ${n.name}` },
      swatch(actions.colourOf(n), n.kind), n.name);

  const sections = [];
  sections.push(
    h('header', { class: 'node-head' },
      h('h2', { id: 'details-title', tabindex: '-1' }, swatch(actions.colourOf(node), node.kind), node.name),
      h('p', { class: 'muted' }, h('span', { class: `kind kind-${node.kind}` }, node.kind), ' · ', h('code', {}, node.id)),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', onclick: () => actions.focus(node.id) }, 'Show neighbourhood'),
        h('button', { type: 'button', onclick: () => actions.pathFrom(node.name) }, 'Path from here'),
        h('button', { type: 'button', onclick: () => actions.pathTo(node.name) }, 'Path to here'),
        h('button', { type: 'button', onclick: () => actions.impact(node.name) }, 'What depends on it'),
      ),
    ),
  );
  if (node.categories?.length) {
    sections.push(section('Categories', h('ul', { class: 'plain' }, node.categories.map((c) => h('li', {}, link(c))))));
  }
  if (node.services?.length) {
    sections.push(section(`Services (${count(node.services, node.services_total)})`,
      h('ul', { class: 'plain columns' }, node.services.map((s) => h('li', {}, link(s))))));
  }
  if (node.aliases?.length) {
    sections.push(section('Also known as', h('p', {}, node.aliases.join(', '))));
  }
  sections.push(relationSection('Outgoing relations', node.outgoing ?? [], node.outgoing_total, 'target', link, false));
  sections.push(relationSection('Incoming relations', node.incoming ?? [], node.incoming_total, 'source', link, true));
  if (node.sources?.length) {
    sections.push(section('Written in', h('ul', { class: 'plain sources' }, node.sources.map((s) => h('li', {}, h('code', {}, where(s)))))));
  }
  replace(body, sections);
  return node;
}

/** "7", or "the first 20 of 1,000" when the API sent part of a long list. */
function count(list, total) {
  return total > list.length ? `the first ${list.length} of ${total.toLocaleString('en')}` : String(list.length);
}

function section(title, ...content) {
  return h('section', { class: 'detail-section' }, h('h3', {}, title), ...content);
}

/** Relations grouped by label: "uses → A, B"; each with its provenance. */
function relationSection(title, facts, total, end, link, incoming) {
  if (!facts.length) return section(title, h('p', { class: 'muted' }, 'None.'));
  const groups = new Map();
  for (const fact of facts) {
    if (!groups.has(fact.relation)) groups.set(fact.relation, []);
    groups.get(fact.relation).push(fact);
  }
  return section(
    `${title} (${count(facts, total)})`,
    [...groups].map(([relation, list]) =>
      h('div', { class: 'relation-group' },
        h('h4', {}, incoming ? `← ${relation}` : `${relation} →`),
        h('ul', { class: 'plain' },
          list.map((fact) =>
            h('li', { class: 'fact' }, link(fact[end]), h('code', { class: 'provenance', title: 'Where this fact is written' }, where(fact.provenance))),
          ),
        ),
      ),
    ),
  );
}
