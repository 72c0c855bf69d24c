// What gets drawn: filters, the focus neighbourhood and the cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MEMBERSHIP_LABEL, Model, fromExport } from '../src/model.js';
import { CAP, visibleSubgraph } from '../src/subgraph.js';
import { emptyView } from '../src/view.js';

/** compute -> vm -> vmss, storage -> blob -> data; vm uses blob. */
function small() {
  const m = new Model();
  for (const [id, kind] of [['compute', 'category'], ['storage', 'category'], ['vm', 'service'], ['blob', 'service'], ['vmss', 'concept'], ['data', 'concept']]) {
    m.addNode({ id, name: id.toUpperCase(), kind });
  }
  m.addMembership('compute', 'vm');
  m.addMembership('storage', 'blob');
  m.addEdge('vm', 'scales with', 'vmss');
  m.addEdge('blob', 'stores', 'data');
  m.addEdge('vm', 'uses', 'blob');
  m.countRelations();
  return m;
}

const ids = (sub) => [...sub.nodes].sort();

test('everything is drawn when it fits', () => {
  const sub = visibleSubgraph(small(), emptyView());
  assert.equal(sub.nodes.length, 6);
  assert.equal(sub.edges.length, 5);
  assert.equal(sub.total, 6);
});

test('memberships give services their category', () => {
  assert.deepEqual(small().nodes.get('vm').categories, ['compute']);
});

test('a kind filter hides nodes and their edges', () => {
  const view = emptyView();
  view.kinds = new Set(['category', 'service']);
  const sub = visibleSubgraph(small(), view);
  assert.deepEqual(ids(sub), ['blob', 'compute', 'storage', 'vm']);
  assert.ok(sub.edges.every((e) => e.source !== 'vmss' && e.target !== 'vmss'));
});

test('a category filter keeps its services and the concepts they relate to', () => {
  const view = emptyView();
  view.categories = new Set(['compute']);
  assert.deepEqual(ids(visibleSubgraph(small(), view)), ['compute', 'vm', 'vmss']);
});

test('a relation filter hides other relations only; memberships have their own switch', () => {
  const view = emptyView();
  view.relations = new Set(['uses']);
  const sub = visibleSubgraph(small(), view);
  assert.equal(sub.nodes.length, 6);
  assert.deepEqual(sub.edges.filter((e) => !e.membership).map((e) => e.relation), ['uses']);
  view.memberships = false;
  assert.deepEqual(visibleSubgraph(small(), view).edges.map((e) => e.relation), ['uses']);
});

test('the focus shows the neighbourhood up to the depth', () => {
  const view = emptyView();
  view.focus = 'vmss';
  assert.deepEqual(ids(visibleSubgraph(small(), view)), ['vm', 'vmss']);
  view.depth = 2;
  assert.deepEqual(ids(visibleSubgraph(small(), view)), ['blob', 'compute', 'vm', 'vmss']);
});

test('pinned nodes are drawn whatever the filters', () => {
  const view = emptyView();
  view.kinds = new Set(['category']);
  assert.deepEqual(ids(visibleSubgraph(small(), view, ['vmss', 'nope'])), ['compute', 'storage', 'vmss']);
});

test('a large map is capped, categories and hubs first', () => {
  const m = new Model();
  m.addNode({ id: 'cat', name: 'Cat', kind: 'category' });
  for (let i = 0; i < 3 * CAP; i++) {
    m.addNode({ id: `s${i}`, name: `S${i}`, kind: 'service' });
    if (i % 2 === 0) m.addMembership('cat', `s${i}`);
  }
  const sub = visibleSubgraph(m, emptyView());
  assert.equal(sub.nodes.length, CAP);
  assert.equal(sub.total, 3 * CAP + 1);
  assert.equal(sub.nodes[0], 'cat');
  assert.ok(sub.nodes.slice(1).every((id) => Number(id.slice(1)) % 2 === 0), 'connected nodes come first');
});

test('the JSON export is read, memberships included', () => {
  const m = new Model();
  fromExport(m, {
    nodes: [{ id: 'c', name: 'C', kind: 'category', categories: [] }, { id: 's', name: 'S', kind: 'service', categories: ['c'] }],
    edges: [{ source: 's', relation: 'uses', target: 'c', provenance: { document: 'd.md', line: 3 } }],
    memberships: [{ category: 'c', service: 's' }],
  });
  assert.equal(m.nodes.get('s').name, 'S');
  assert.deepEqual(m.nodes.get('s').categories, ['c']);
  assert.deepEqual(m.edges.map((e) => e.relation), ['uses', MEMBERSHIP_LABEL]);
  assert.deepEqual(m.edges[0].provenance, { document: 'd.md', line: 3 });
});

test('memberships are known by kind, not by their label', () => {
  const m = new Model();
  fromExport(m, {
    nodes: [{ id: 'c', name: 'C', kind: 'category' }, { id: 's', name: 'S', kind: 'service' }],
    edges: [{ source: 'c', relation: MEMBERSHIP_LABEL, target: 's', provenance: null }],
    memberships: [{ category: 'c', service: 's' }],
  });
  m.countRelations();
  assert.deepEqual(m.edges.map((e) => e.membership), [false, true], 'a relation named like a membership stays a relation');
  assert.deepEqual(m.relations, [{ label: MEMBERSHIP_LABEL, count: 1 }]);
  assert.equal(m.memberships, 1);
  const view = emptyView();
  view.memberships = false;
  assert.deepEqual(visibleSubgraph(m, view).edges.map((e) => e.membership), [false], 'hiding memberships keeps the relation');
});
