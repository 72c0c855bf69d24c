// The whole graph in the browser: nodes with their categories, relation
// edges and memberships, read from one request to /api/v1/graph.

import { get } from './api.js';

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
  }

  addNode({ id, name, kind, categories, aliases }) {
    if (!this.nodes.has(id)) {
      this.nodes.set(id, {
        id, name: name ?? id, kind: kind ?? 'concept', categories: [...(categories ?? [])], aliases: [...(aliases ?? [])],
      });
    }
    return this.nodes.get(id);
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
 * Loads the model from /api/v1/graph (JSON export) and /api/v1/stats.
 * A graph larger than one export may hold fails with the API's problem.
 */
export async function loadModel() {
  const model = new Model();
  const [json, stats] = await Promise.all([
    get('/api/v1/graph', { format: 'json' }),
    get('/api/v1/stats').catch(() => null),
  ]);
  fromExport(model, json);
  model.countRelations();
  model.stats = stats;
  return model;
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
