// Which part of the model is drawn: the filters, then the focus node's
// neighbourhood, then a cap so a large map never freezes the tab.

/** At most this many nodes are drawn at once. */
export const CAP = 500;

/**
 * @param {import('./model.js').Model} model
 * @param {ReturnType<import('./view.js').emptyView>} view
 * @param {Iterable<string>} pinned nodes drawn whatever the filters (a path, an answer, the open node)
 * @returns {{nodes: string[], edges: object[], shown: number, total: number}}
 */
export function visibleSubgraph(model, view, pinned = []) {
  const nodeOk = nodeFilter(model, view);
  const edgeOk = (e) => (e.membership ? view.memberships !== false : !view.relations || view.relations.has(e.relation));

  let order;
  if (view.focus && model.nodes.has(view.focus)) {
    order = neighbourhood(model, view.focus, view.depth, nodeOk, edgeOk);
  } else {
    order = [...model.nodes.values()]
      .filter(nodeOk)
      .sort(
        (a, b) =>
          (b.kind === 'category') - (a.kind === 'category') ||
          model.degree(b.id) - model.degree(a.id) ||
          a.name.localeCompare(b.name),
      )
      .map((n) => n.id);
  }
  const total = order.length;
  const drawn = new Set(order.slice(0, CAP));
  for (const id of pinned) if (id && model.nodes.has(id)) drawn.add(id);
  const edges = model.edges.filter((e) => edgeOk(e) && drawn.has(e.source) && drawn.has(e.target));
  return { nodes: [...drawn], edges, shown: Math.min(total, CAP), total };
}

/** The filter on kinds and categories. */
function nodeFilter(model, view) {
  const kindOk = (n) => view.kinds.has(n.kind);
  const cats = view.categories;
  if (!cats) return kindOk;
  // In a chosen category: the category itself and its services...
  const inCategory = new Set();
  for (const n of model.nodes.values()) {
    if (n.kind === 'category' ? cats.has(n.id) : n.categories.some((c) => cats.has(c))) inCategory.add(n.id);
  }
  // ...and the uncategorised nodes (concepts) those relate to.
  const related = new Set();
  for (const e of model.edges) {
    if (e.membership) continue;
    for (const [a, b] of [[e.source, e.target], [e.target, e.source]]) {
      const other = model.nodes.get(b);
      if (inCategory.has(a) && other && other.categories.length === 0 && other.kind !== 'category') related.add(b);
    }
  }
  return (n) => kindOk(n) && (inCategory.has(n.id) || related.has(n.id));
}

/** Breadth-first from `start` over both directions, nearest first. */
function neighbourhood(model, start, depth, nodeOk, edgeOk) {
  const seen = new Set([start]);
  const order = [start];
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next = [];
    for (const id of frontier) {
      for (const e of model.adjacent.get(id) ?? []) {
        if (!edgeOk(e)) continue;
        const other = e.source === id ? e.target : e.source;
        if (seen.has(other) || !nodeOk(model.nodes.get(other))) continue;
        seen.add(other);
        order.push(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  return order;
}
