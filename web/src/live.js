// Live updates: the page listens to /api/v1/events (Server-Sent Events:
// `version` on connecting, then one `reload` per new version of the graph,
// `reset` when a reconnection missed more than the server keeps). On each
// new version it loads the graph again and updates the drawing in place,
// and marks what changed (from /api/v1/changes): added nodes and relations
// green, removed ones red, until the reader dismisses it.

import { h } from './dom.js';
import { edgeKey, membershipKey } from './model.js';

/** Node ids by name, as the diff names the ends of its relations. */
function idsByName(model) {
  const ids = new Map();
  for (const n of model.nodes.values()) if (!ids.has(n.name)) ids.set(n.name, n.id);
  return ids;
}

/**
 * What the diff of /api/v1/changes changed, in the drawing's terms:
 * `added` and `removed`, the ids of nodes and edges to mark; `ghosts`,
 * the nodes and edges of `before` that are gone from `after` and are
 * drawn (in red) until dismissed; `text`, the lists to read.
 */
export function changeSet(diff, before, after) {
  const added = new Set();
  const removed = new Set();
  const ghosts = { nodes: [], edges: [] };
  const text = { addedNodes: [], removedNodes: [], addedRelations: [], removedRelations: [], renamed: [], moved: [] };
  const oldIds = idsByName(before);
  const newIds = idsByName(after);
  const ghost = (edge) => {
    if (edge && !after.edgeIds.has(edge.id)) ghosts.edges.push(edge);
  };

  for (const n of diff.nodes?.added ?? []) {
    added.add(n.id);
    text.addedNodes.push(n);
    // Its memberships are new with it.
    for (const e of after.adjacent.get(n.id) ?? []) if (e.membership) added.add(e.id);
  }
  for (const n of diff.nodes?.removed ?? []) {
    removed.add(n.id);
    text.removedNodes.push(n);
    const node = before.nodes.get(n.id);
    if (node && !after.nodes.has(n.id)) {
      ghosts.nodes.push(node);
      // Its memberships keep it beside its categories while it is shown.
      for (const e of before.adjacent.get(n.id) ?? []) {
        if (e.membership) {
          removed.add(e.id);
          ghost(e);
        }
      }
    }
  }
  for (const r of diff.nodes?.renamed ?? []) {
    added.add(r.after.id);
    text.renamed.push(r);
  }
  for (const m of diff.nodes?.moved ?? []) {
    text.moved.push(m);
    for (const c of m.from ?? []) {
      const id = membershipKey(oldIds.get(c) ?? c, m.node.id);
      if (!after.edgeIds.has(id)) {
        removed.add(id);
        ghost(before.edges.find((e) => e.id === id));
      }
    }
    for (const c of m.to ?? []) added.add(membershipKey(newIds.get(c) ?? c, m.node.id));
  }
  for (const e of diff.relations?.added ?? []) {
    const id = edgeKey(newIds.get(e.source) ?? e.source, e.relation, newIds.get(e.target) ?? e.target);
    added.add(id);
    text.addedRelations.push({ ...e, id });
  }
  for (const e of diff.relations?.removed ?? []) {
    const id = edgeKey(oldIds.get(e.source) ?? e.source, e.relation, oldIds.get(e.target) ?? e.target);
    removed.add(id);
    text.removedRelations.push({ ...e, id });
    ghost(before.edges.find((x) => x.id === id));
  }
  return { version: diff.to, previous: diff.from, added, removed, ghosts, text };
}

/**
 * Adds the ghosts of `changes` to `model`, flagged `removed`, so they are
 * drawn until the reader dismisses them (`model.dropRemoved()`).
 */
export function keepGhosts(model, changes) {
  for (const n of changes.ghosts.nodes) {
    model.addNode(n).removed = true;
  }
  for (const e of changes.ghosts.edges) {
    if (model.nodes.has(e.source) && model.nodes.has(e.target)) model.push({ ...e, removed: true });
  }
}

/** The nodes a change set asks to draw whatever the filters and the cap. */
export function changedNodes(changes) {
  if (!changes) return [];
  return [...changes.added, ...changes.removed].filter((id) => !id.includes('\u0001') && !id.includes('\u0002'));
}

/** "1 node and 2 relations added; 1 relation removed." from a change set. */
export function changeSummary(changes) {
  const t = changes.text;
  const count = (n, one) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const part = (nodes, relations, verb) => {
    const items = [];
    if (nodes) items.push(count(nodes, 'node'));
    if (relations) items.push(count(relations, 'relation'));
    return items.length ? `${items.join(' and ')} ${verb}` : null;
  };
  const parts = [
    part(t.addedNodes.length, t.addedRelations.length, 'added'),
    part(t.removedNodes.length, t.removedRelations.length, 'removed'),
    t.renamed.length ? `${count(t.renamed.length, 'node')} renamed` : null,
    t.moved.length ? `${count(t.moved.length, 'node')} moved between categories` : null,
  ].filter(Boolean);
  return parts.length ? `${parts.join('; ')}.` : 'No node or relation changed.';
}

/**
 * Subscribes to the server's events: `onVersion(version, previous)` for
 * every version other than `current()`, one at a time, in order.
 * Returns {connected(), close()}.
 */
export function subscribe(current, onVersion) {
  let open = false;
  let queue = Promise.resolve();
  const source = new EventSource('/api/v1/events');
  const take = (event) => {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    queue = queue.then(() => {
      if (!data.version || data.version === current()) return null;
      // `reset` and a first `version` name no previous one: the page's is.
      return onVersion(data.version, data.previous ?? current());
    }).catch(() => {});
  };
  source.addEventListener('open', () => { open = true; });
  source.addEventListener('error', () => { open = source.readyState === EventSource.OPEN; });
  for (const type of ['version', 'reload', 'reset']) source.addEventListener(type, take);
  window.addEventListener('pagehide', () => source.close());
  return { connected: () => open, close: () => source.close() };
}

/**
 * The change set as text: the versions, the summary, then every node and
 * relation added (green, the nodes to open) and removed (red).
 */
export function changesView(changes, { open, isNode }) {
  const t = changes.text;
  const name = (n) => (isNode(n.id)
    ? h('button', { type: 'button', class: 'node-link', onclick: () => open(n.id) }, n.name)
    : h('span', {}, n.name));
  const relation = (e) => [e.source, ' ', h('em', {}, e.relation), ' ', e.target];
  const list = (title, cls, items, item) => (items.length
    ? [h('h3', {}, h('span', { class: `distance-mark ${cls}`, 'aria-hidden': 'true' }), h('span', { class: `${cls}-text` }, title)),
      h('ul', { class: `plain ${cls}-list` }, items.map((x) => h('li', {}, item(x))))]
    : null);
  return [
    h('p', {}, changes.previous
      ? ['Version ', h('code', {}, changes.version), ' replaced ', h('code', {}, changes.previous), '. ', changeSummary(changes)]
      : ['The server now serves version ', h('code', {}, changes.version), '.']),
    list('Nodes added', 'change-added', t.addedNodes, (n) => [name(n), h('span', { class: 'muted small' }, ` ${n.kind}`)]),
    list('Relations added', 'change-added', t.addedRelations, relation),
    list('Nodes renamed', 'change-added', t.renamed, (r) => [r.before.name, ' → ', name(r.after)]),
    list('Nodes moved', 'change-added', t.moved, (m) => [name(m.node), ` from ${m.from.join(', ') || 'no category'} to ${m.to.join(', ') || 'no category'}`]),
    list('Nodes removed', 'change-removed', t.removedNodes, (n) => [n.name, h('span', { class: 'muted small' }, ` ${n.kind}`)]),
    list('Relations removed', 'change-removed', t.removedRelations, relation),
  ];
}
