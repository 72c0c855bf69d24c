// The view state and its URL: everything needed to restore a view lives
// in the location hash, so a copied link reopens the same focus, filters,
// path, question, query and impact. (The hash never reaches the server.)

export const KINDS = ['category', 'service', 'concept'];

/** A fresh view: the whole map, nothing selected. */
export function emptyView() {
  return {
    node: null, // the node whose details are open
    focus: null, // draw only this node's neighbourhood...
    depth: 1, // ...up to this many hops
    kinds: new Set(KINDS),
    categories: null, // null: all; else a Set of category ids
    relations: null, // null: all; else a Set of relation labels
    memberships: true, // draw the category membership lines
    path: null, // {from, to, directed, via, k, relations: [], avoid: []}
    ask: null, // the question asked
    query: null, // the Cypher query run
    impact: null, // {node, direction, depth}: what depends on a node, or what it depends on
  };
}

/** The hash for `view` (without '#'). */
export function toHash(view) {
  const q = new URLSearchParams();
  if (view.node) q.set('node', view.node);
  if (view.focus) {
    q.set('focus', view.focus);
    if (view.depth !== 1) q.set('depth', String(view.depth));
  }
  if (view.kinds.size !== KINDS.length) for (const k of view.kinds) q.append('kind', k);
  if (view.kinds.size === 0) q.set('kind', 'none');
  for (const c of view.categories ?? []) q.append('cat', c);
  if (view.categories?.size === 0) q.set('cat', '');
  for (const r of view.relations ?? []) q.append('rel', r);
  if (view.relations?.size === 0) q.set('rel', '');
  if (!view.memberships) q.set('members', '0');
  const p = view.path;
  if (p?.from && p?.to) {
    q.set('from', p.from);
    q.set('to', p.to);
    if (p.directed) q.set('directed', '1');
    if (p.via) q.set('via', '1');
    if (p.k > 1) q.set('k', String(p.k));
    for (const r of p.relations ?? []) q.append('prel', r);
    for (const a of p.avoid ?? []) q.append('avoid', a);
  }
  if (view.ask) q.set('ask', view.ask);
  if (view.query) q.set('query', view.query);
  if (view.impact?.node) {
    q.set('impact', view.impact.node);
    if (view.impact.direction !== 'dependents') q.set('direction', view.impact.direction);
    if (view.impact.depth !== IMPACT_DEPTH.default) q.set('impact_depth', String(view.impact.depth));
  }
  return q.toString();
}

/**
 * The view a hash describes; unknown keys are ignored. Node refs (`node`,
 * `focus`, `cat`) are kept as written: the page resolves them as the API
 * does, so `focus=AKS` works like `focus=azure-kubernetes-service`.
 */
export function fromHash(hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const view = emptyView();
  view.node = q.get('node') || null;
  view.focus = q.get('focus') || null;
  view.depth = clamp(parseInt(q.get('depth') ?? '1', 10), 1, 5, 1);
  if (q.has('kind')) view.kinds = new Set(q.getAll('kind').map((k) => k.trim().toLowerCase()).filter((k) => KINDS.includes(k)));
  if (q.has('cat')) view.categories = new Set(q.getAll('cat').filter(Boolean));
  if (q.has('rel')) view.relations = new Set(q.getAll('rel').filter(Boolean));
  if (q.has('members')) view.memberships = yes(q.get('members'));
  if (q.get('from') && q.get('to')) {
    view.path = {
      from: q.get('from'),
      to: q.get('to'),
      directed: yes(q.get('directed')),
      via: yes(q.get('via')),
      k: clamp(parseInt(q.get('k') ?? '1', 10), 1, 10, 1),
      relations: q.getAll('prel').filter(Boolean),
      avoid: q.getAll('avoid').filter(Boolean),
    };
  }
  view.ask = q.get('ask') || null;
  view.query = q.get('query') || null;
  if (q.get('impact')) {
    const direction = (q.get('direction') ?? '').trim().toLowerCase();
    view.impact = impactQuery(q.get('impact'), direction, q.get('impact_depth') ?? IMPACT_DEPTH.default);
  }
  return view;
}

/** A flag as people write it: 1, true, yes, on (any case); absent is false. */
export function yes(value) {
  return /^(1|true|yes|on)$/i.test(String(value ?? '').trim());
}

function clamp(n, lo, hi, fallback) {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
}

/** What an impact follows: the nodes that depend on it, or those it depends on. */
export const DIRECTIONS = ['dependents', 'dependencies'];
/** The API's default and largest depth (src/query/bounds.rs). */
export const IMPACT_DEPTH = { default: 8, max: 16 };

/** The impact query as the form and the link hold it: {node, direction, depth}. */
export function impactQuery(node, direction = 'dependents', depth = IMPACT_DEPTH.default) {
  return {
    node,
    direction: DIRECTIONS.includes(direction) ? direction : 'dependents',
    depth: clamp(Number.parseInt(depth, 10), 1, IMPACT_DEPTH.max, IMPACT_DEPTH.default),
  };
}
