// The graph in the browser: nodes with their categories, relation edges
// and memberships, read from one request to /api/v1/graph. A map too large
// for that is loaded as an overview (its categories, with their sizes) and
// grows as the reader opens categories and neighbourhoods, each one export
// around a focus node.

import { get } from './api.js';

/** Above this many nodes the page starts from the category overview. */
export const OVERVIEW_NODES = 20_000;

/** How a membership reads in a sentence and in the API's paths. */
export const MEMBERSHIP_LABEL = 'has service';

/** The id of a relation edge. */
export function edgeKey(sourceId, relation, targetId) {
  return `${sourceId}\u0001${relation}\u0001${targetId}`;
}

/** The id of a membership edge: never equal to a relation's id. */
export function membershipKey(categoryId, serviceId) {
  return `${categoryId}\u0002${serviceId}`;
}

/**
 * @typedef {{id: string, name: string, kind: string, categories: string[], aliases: string[]}} Node
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
    /** @type {{label: string, count: number}[]} relation labels, memberships apart */
    this.relations = [];
    this.memberships = 0;
    this.edgeIds = new Set();
    this.stats = null;
    /** True when only part of the graph is loaded (the overview). */
    this.partial = false;
    /** `focus:depth` of every neighbourhood loaded into a partial model. */
    this.loaded = new Set();
  }

  addNode({ id, name, kind, categories, aliases, service_count: count }) {
    if (!this.nodes.has(id)) {
      this.nodes.set(id, {
        id, name: name ?? id, kind: kind ?? 'concept', categories: [...(categories ?? [])], aliases: [...(aliases ?? [])],
      });
    }
    const node = this.nodes.get(id);
    if (count !== undefined) node.count = count;
    return node;
  }

  /** A relation edge `source -relation-> target`. */
  addEdge(source, relation, target, provenance = null) {
    this.push({ id: edgeKey(source, relation, target), source, target, relation, membership: false, provenance });
  }

  /** The membership of `service` in `category`. */
  addMembership(category, service) {
    this.push({ id: membershipKey(category, service), source: category, target: service, relation: MEMBERSHIP_LABEL, membership: true, provenance: null });
    const member = this.nodes.get(service);
    if (member && !member.categories.includes(category)) member.categories.push(category);
  }

  push(edge) {
    if (this.edgeIds.has(edge.id)) return;
    this.edgeIds.add(edge.id);
    this.edges.push(edge);
    for (const end of [edge.source, edge.target]) {
      if (!this.adjacent.has(end)) this.adjacent.set(end, []);
      this.adjacent.get(end).push(edge);
    }
  }

  /** Takes over `fresh`'s contents, so every holder of this model sees the new graph. */
  replaceWith(fresh) {
    Object.assign(this, fresh);
  }

  /** Drops the nodes and edges flagged `removed` (what a reload removed, shown until dismissed). */
  dropRemoved() {
    const edges = this.edges.filter((e) => !e.removed && !this.nodes.get(e.source)?.removed && !this.nodes.get(e.target)?.removed);
    for (const [id, n] of this.nodes) if (n.removed) this.nodes.delete(id);
    this.edges = [];
    this.edgeIds = new Set();
    this.adjacent = new Map();
    for (const e of edges) this.push(e);
  }

  get categories() {
    return [...this.nodes.values()].filter((n) => n.kind === 'category');
  }

  degree(id) {
    return this.adjacent.get(id)?.length ?? 0;
  }

  /** Counts per relation label for the filters; memberships counted apart. */
  countRelations() {
    const counts = new Map();
    let memberships = 0;
    for (const e of this.edges) {
      if (e.membership) memberships += 1;
      else counts.set(e.relation, (counts.get(e.relation) ?? 0) + 1);
    }
    this.memberships = memberships;
    this.relations = [...counts].map(([label, count]) => ({ label, count }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  }
}

/**
 * Loads the model: the whole graph from /api/v1/graph, or for a map of
 * more than OVERVIEW_NODES nodes (or one the server will not export
 * whole) the overview.
 */
export async function loadModel() {
  const model = new Model();
  model.stats = await get('/api/v1/stats').catch(() => null);
  if ((model.stats?.nodes?.total ?? 0) > OVERVIEW_NODES) return loadOverview(model);
  let json;
  try {
    json = await get('/api/v1/graph', { format: 'json' });
  } catch (error) {
    if (error.kind === 'too-expensive') return loadOverview(model);
    throw error;
  }
  fromExport(model, json);
  model.countRelations();
  return model;
}

/**
 * The graph as the server serves it now, loaded like `model` was: whole,
 * or the overview with the same parts loaded again.
 */
export async function reloadModel(model) {
  if (!model.partial) return loadModel();
  const fresh = new Model();
  fresh.stats = await get('/api/v1/stats').catch(() => null);
  await loadOverview(fresh);
  for (const key of model.loaded) {
    const at = key.lastIndexOf(':');
    await loadAround(fresh, key.slice(0, at), Number(key.slice(at + 1))).catch(() => false);
  }
  return fresh;
}

/** The overview: every category with its number of services; the relation labels. */
async function loadOverview(model) {
  model.partial = true;
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const page = await get('/api/v1/categories', { limit, offset });
    for (const c of page.items) model.addNode(c);
    if (page.items.length === 0 || offset + limit >= page.total) break;
  }
  const relations = await get('/api/v1/relations').catch(() => ({ items: [] }));
  model.relations = relations.items.map((r) => ({ label: r.label, count: r.count }));
  model.memberships = model.stats?.edges?.membership ?? 0;
  return model;
}

/**
 * Loads the part of a partial model within `depth` of node `id` (a
 * category: its services) unless it is in already. True when it loaded.
 */
export async function loadAround(model, id, depth) {
  const key = `${id}:${depth}`;
  if (!model.partial || model.loaded.has(key)) return false;
  const json = await get('/api/v1/graph', { format: 'json', focus: id, depth });
  model.loaded.add(key);
  const relations = model.relations;
  fromExport(model, json);
  model.relations = relations; // the labels of the whole graph, from /relations
  return true;
}

/**
 * Reads the JSON export: `{nodes: [{id, name, kind, categories, aliases}],
 * edges: [{source, relation, target, provenance}], memberships:
 * [{category, service}]}`.
 */
export function fromExport(model, json) {
  for (const n of json.nodes ?? []) model.addNode(n);
  for (const e of json.edges ?? []) model.addEdge(e.source, e.relation, e.target, e.provenance ?? null);
  for (const m of json.memberships ?? []) model.addMembership(m.category, m.service);
  return model;
}
