// The whole graph in the browser: nodes with their categories, relation
// edges and memberships. Loaded once, from /api/v1/graph when the server
// has it, else from the list endpoints.

import { ApiError, get, getAll, mapLimited } from './api.js';

/** The label a membership edge carries (as the API's paths show it). */
export const MEMBERSHIP = 'has service';

export function edgeKey(sourceId, relation, targetId) {
  return `${sourceId}\u0001${relation}\u0001${targetId}`;
}

/**
 * @typedef {{id: string, name: string, kind: string, categories: string[]}} Node
 * @typedef {{id: string, source: string, target: string, relation: string,
 *            membership: boolean, provenance: ?{document: string, line: number}}} Edge
 */
export class Model {
  constructor() {
    /** @type {Map<string, Node>} */
    this.nodes = new Map();
    /** @type {Edge[]} */
    this.edges = [];
    /** @type {Map<string, Edge[]>} edges touching a node */
    this.adjacent = new Map();
    /** @type {{label: string, count: number}[]} */
    this.relations = [];
    this.stats = null;
  }

  addNode({ id, name, kind, categories }) {
    if (!this.nodes.has(id)) {
      this.nodes.set(id, { id, name: name ?? id, kind: kind ?? 'concept', categories: [...(categories ?? [])] });
    }
    return this.nodes.get(id);
  }

  addEdge(source, relation, target, provenance = null) {
    const membership = relation === MEMBERSHIP;
    const id = edgeKey(source, relation, target);
    if (this.edgeIds?.has(id)) return;
    (this.edgeIds ??= new Set()).add(id);
    const edge = { id, source, target, relation, membership, provenance };
    this.edges.push(edge);
    for (const end of [source, target]) {
      if (!this.adjacent.has(end)) this.adjacent.set(end, []);
      this.adjacent.get(end).push(edge);
    }
    if (membership) {
      const member = this.nodes.get(target);
      if (member && !member.categories.includes(source)) member.categories.push(source);
    }
  }

  get categories() {
    return [...this.nodes.values()].filter((n) => n.kind === 'category');
  }

  degree(id) {
    return this.adjacent.get(id)?.length ?? 0;
  }

  /** Counts per relation label, memberships included, for the filters. */
  countRelations() {
    const counts = new Map();
    for (const e of this.edges) counts.set(e.relation, (counts.get(e.relation) ?? 0) + 1);
    this.relations = [...counts].map(([label, count]) => ({ label, count }))
      .sort((a, b) => (a.label === MEMBERSHIP) - (b.label === MEMBERSHIP) || b.count - a.count || a.label.localeCompare(b.label));
  }
}

/** Loads the model; prefers one request to /api/v1/graph. */
export async function loadModel() {
  const model = new Model();
  const statsPromise = get('/api/v1/stats').catch(() => null);
  let loaded = false;
  try {
    loaded = fromExport(model, await get('/api/v1/graph', { format: 'json' }));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500 || error.status === 0) throw error;
    // A server without /api/v1/graph, or a graph too large to export at
    // once: build the model from the paged lists instead.
  }
  if (!loaded) await fromLists(model);
  model.countRelations();
  model.stats = await statsPromise;
  return model;
}

/**
 * Reads the JSON export: `{nodes: [{id, name, kind, categories}],
 * edges: [{source, relation, target, provenance}], memberships:
 * [{category, service}]}`. Returns false when the shape is not that.
 */
export function fromExport(model, json) {
  if (!Array.isArray(json?.nodes) || !Array.isArray(json?.edges)) return false;
  for (const n of json.nodes) model.addNode(n);
  for (const e of json.edges) model.addEdge(e.source, e.relation, e.target, e.provenance ?? null);
  for (const m of json.memberships ?? []) model.addEdge(m.category, MEMBERSHIP, m.service);
  return true;
}

/** Builds the model from /nodes, /edges and each category's services. */
export async function fromLists(model) {
  const [nodes, edges, categories] = await Promise.all([
    getAll('/api/v1/nodes'),
    getAll('/api/v1/edges'),
    getAll('/api/v1/categories'),
  ]);
  for (const n of nodes) model.addNode(n);
  for (const e of edges) model.addEdge(e.source.id, e.relation, e.target.id, e.provenance);
  await addMemberships(model, categories);
}

/** Adds a membership edge from every category to each of its services. */
async function addMemberships(model, categories) {
  const members = await mapLimited(categories, 6, (c) =>
    get(`/api/v1/categories/${encodeURIComponent(c.id)}`).then((full) => full.services ?? []),
  );
  categories.forEach((c, i) => {
    for (const s of members[i]) model.addEdge(c.id, MEMBERSHIP, s.id);
  });
}
