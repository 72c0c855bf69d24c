// The impact view: what depends on a node, directly or not (or what it
// depends on), from /api/v1/nodes/{ref}/impact. Every node reached is
// listed by its distance with the path that reaches it, and highlighted
// on the graph in the colour of its distance.

import { get } from './api.js';
import { h, replace } from './dom.js';
import { problemView } from './problem.js';
import { pathSteps } from './steps.js';
import { IMPACT_DEPTH } from './view.js';

/** Distances from this one on share the last colour. */
export const FARTHEST = 3;

/** The class a node reached at `distance` gets on the graph. */
export function distanceClass(distance) {
  return `impact-${Math.min(FARTHEST, Math.max(1, distance))}`;
}

/**
 * The highlight of an impact answer: every node reached and the edges of
 * the paths that reach them; `classes` colours each node by its distance.
 */
export function impactHighlight(answer) {
  const nodes = new Set([answer.node.id]);
  const edges = new Map(); // by key: paths share their first edges
  const classes = new Map([[answer.node.id, 'impact-root']]);
  for (const r of answer.reached) {
    nodes.add(r.node.id);
    classes.set(r.node.id, distanceClass(r.distance));
    for (const e of r.path.edges) edges.set(`${e.source.id}\u0001${e.relation}\u0001${e.target.id}`, [e.source.id, e.relation, e.target.id]);
  }
  return { kind: 'impact', nodes, edges: new Set(edges.values()), classes };
}

/** The reached nodes grouped by distance, nearest first, by name within. */
export function byDistance(reached) {
  const groups = new Map();
  for (const r of [...reached].sort((a, b) => a.distance - b.distance || a.node.name.localeCompare(b.node.name))) {
    if (!groups.has(r.distance)) groups.set(r.distance, []);
    groups.get(r.distance).push(r);
  }
  return [...groups];
}

/** The sentence that sums an answer up. */
export function impactSummary(answer) {
  const n = answer.reached.length;
  const name = answer.node.name;
  const nodes = `${n} node${n === 1 ? '' : 's'}`;
  if (answer.direction === 'dependencies') {
    return n ? `${name} depends on ${nodes}, directly or not.` : `${name} depends on nothing.`;
  }
  return n ? `${nodes} depend${n === 1 ? 's' : ''} on ${name}, directly or not.` : `Nothing depends on ${name}.`;
}

/**
 * Asks for the impact of `query.node` and lists it in `out`. Returns
 * the highlight or null. `open(id)` opens a node; `choose(name)` asks
 * again for a suggested or candidate node; `flip()` asks the other way.
 */
export async function runImpact(query, out, { open, choose, flip }) {
  replace(out, h('p', { class: 'muted' }, 'Following the dependencies…'));
  let answer;
  try {
    answer = await get(`/api/v1/nodes/${encodeURIComponent(query.node)}/impact`, {
      direction: query.direction,
      depth: query.depth === IMPACT_DEPTH.default ? undefined : query.depth,
    });
  } catch (error) {
    replace(out, problemView(error, { node: (n) => choose(n.name) }));
    return null;
  }
  const other = answer.direction === 'dependents' ? 'What it depends on' : 'What depends on it';
  replace(out,
    h('p', { class: 'result-summary', role: 'status' }, impactSummary(answer)),
    h('p', { class: 'muted small' },
      `Following ${answer.relations.length} relation${answer.relations.length === 1 ? '' : 's'} up to ${answer.depth} hops. `,
      h('button', { type: 'button', class: 'link', onclick: flip }, `${other} instead`)),
    byDistance(answer.reached).map(([distance, list]) =>
      h('section', { class: 'impact-group', dataset: { distance: String(distance) } },
        h('h3', {}, h('span', { class: `distance-mark ${distanceClass(distance)}`, 'aria-hidden': 'true' }),
          `${distance} hop${distance === 1 ? '' : 's'} away (${list.length})`),
        h('ul', { class: 'plain impact-list' }, list.map((r) =>
          h('li', { class: 'impact-item' },
            h('button', { type: 'button', class: 'node-link', onclick: () => open(r.node.id) }, r.node.name),
            h('span', { class: 'muted small' }, ` ${r.node.kind}`),
            h('div', { class: 'impact-path' }, pathSteps(r.path, open))))))),
  );
  return impactHighlight(answer);
}
