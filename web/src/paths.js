// Find a path: the form, the request to /api/v1/path, the readable list
// of steps, and what to highlight on the graph.

import { get } from './api.js';
import { h, replace } from './dom.js';
import { problemView } from './problem.js';
import { pathSteps } from './steps.js';

/** The form's values as the view's `path`. */
export function readForm(form) {
  const v = (name) => form.elements[name];
  return {
    from: v('from').value.trim(),
    to: v('to').value.trim(),
    directed: v('directed').checked,
    via: v('via').checked,
    k: Math.min(10, Math.max(1, parseInt(v('k').value, 10) || 1)),
    relations: [...v('relations').selectedOptions].map((o) => o.value),
    avoid: v('avoid').value.split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/** Puts the view's `path` (or blanks) into the form. */
export function writeForm(form, path) {
  const v = (name) => form.elements[name];
  v('from').value = path?.from ?? '';
  v('to').value = path?.to ?? '';
  v('directed').checked = Boolean(path?.directed);
  v('via').checked = Boolean(path?.via);
  v('k').value = String(path?.k ?? 1);
  const chosen = new Set(path?.relations ?? []);
  for (const o of v('relations').options) o.selected = chosen.has(o.value);
  v('avoid').value = (path?.avoid ?? []).join(', ');
}

/** Fills the relation choices of the path form. */
export function fillRelations(form, relations) {
  replace(form.elements.relations, relations.map((r) => h('option', { value: r.label }, r.label)));
}

/**
 * Asks for paths and lists them in `out`. Returns the highlight
 * ({kind, nodes, edges}) or null. `open(id)` opens a node;
 * `choose(parameter, name)` reruns the path with a suggested name.
 */
export async function runPath(path, out, { open, choose, onChoose }) {
  replace(out, h('p', { class: 'muted' }, 'Searching…'));
  let result;
  try {
    result = await get('/api/v1/path', {
      from: path.from,
      to: path.to,
      directed: path.directed || undefined,
      via_categories: path.via || undefined,
      k: path.k > 1 ? path.k : undefined,
      relation: path.relations,
      avoid: path.avoid,
    });
  } catch (error) {
    // A suggested or candidate node goes into the field it is for, and the
    // path is asked again.
    replace(out, problemView(error, { node: (n, parameter) => choose(parameter, n.name) }));
    return null;
  }
  const paths = result.paths ?? [];
  const lights = paths.map(highlightOf);
  const all = merge(lights);
  replace(
    out,
    h('p', { class: 'result-summary', role: 'status' },
      `${paths.length} path${paths.length === 1 ? '' : 's'} from ${paths[0]?.nodes[0]?.name} to ${paths[0]?.nodes.at(-1)?.name}`),
    paths.map((p, i) =>
      h('section', { class: 'path-result' },
        h('h3', {},
          h('button', {
            type: 'button', class: 'link', 'aria-label': `Highlight path ${i + 1} only`,
            onclick: () => onChoose(lights[i]),
          }, `Path ${i + 1}`),
          h('span', { class: 'muted' }, ` · ${p.hops} hop${p.hops === 1 ? '' : 's'}`)),
        pathSteps(p, open),
      ),
    ),
    paths.length > 1 ? h('button', { type: 'button', class: 'link', onclick: () => onChoose(all) }, 'Highlight all paths') : null,
  );
  return all;
}

/** The nodes and edges of one path. */
export function highlightOf(p) {
  return {
    kind: 'path',
    nodes: new Set(p.nodes.map((n) => n.id)),
    edges: new Set(p.edges.map((e) => [e.source.id, e.relation, e.target.id])),
  };
}

function merge(lights) {
  const nodes = new Set();
  const edges = new Set();
  for (const l of lights) {
    l.nodes.forEach((n) => nodes.add(n));
    l.edges.forEach((e) => edges.add(e));
  }
  return { kind: 'path', nodes, edges };
}
