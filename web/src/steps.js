// Paths and edge lists as readable text: numbered steps, each with the
// fact that makes it and where that fact is written.

import { h, where } from './dom.js';

/** "A uses B" for an edge view. */
export function sentence(edge) {
  return [edge.source.name, ' ', h('em', {}, edge.relation), ' ', edge.target.name];
}

/**
 * One path as an ordered list of steps. `open(id)` opens a node.
 * An edge walked against its direction reads "B ← uses ← A".
 */
export function pathSteps(path, open) {
  const button = (n) => h('button', { type: 'button', class: 'node-link', onclick: () => open(n.id) }, n.name);
  return h('ol', { class: 'steps' },
    path.edges.map((edge, i) => {
      const from = path.nodes[i];
      const to = path.nodes[i + 1];
      const forward = edge.source.id === from.id;
      return h('li', {},
        h('span', { class: 'step' }, button(from), h('span', { class: 'arrow' }, forward ? ` —${edge.relation}→ ` : ` ←${edge.relation}— `), button(to)),
        h('code', { class: 'provenance', title: 'Where this fact is written' }, where(edge.provenance) || 'category membership'),
      );
    }),
  );
}

/** An edge list as sentences. */
export function edgeList(edges, open) {
  const button = (n) => h('button', { type: 'button', class: 'node-link', onclick: () => open(n.id) }, n.name);
  return h('ul', { class: 'plain facts' },
    edges.map((e) =>
      h('li', { class: 'fact' },
        h('span', {}, button(e.source), ' ', h('em', {}, e.relation), ' ', button(e.target)),
        h('code', { class: 'provenance' }, where(e.provenance)),
      ),
    ),
  );
}
