// Live updates: what a diff changed, in the drawing's terms, and the ghosts of what it removed.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { changedNodes, changeSet, changeSummary, keepGhosts } from '../src/live.js';
import { edgeKey, membershipKey, Model } from '../src/model.js';

function model(nodes, edges, memberships = []) {
  const m = new Model();
  for (const [id, name, kind] of nodes) m.addNode({ id, name, kind });
  for (const [s, r, t] of edges) m.addEdge(s, r, t);
  for (const [c, s] of memberships) m.addMembership(c, s);
  m.countRelations();
  return m;
}

const before = model(
  [['compute', 'Compute', 'category'], ['vm', 'Virtual Machines', 'service'], ['batch', 'Azure Batch', 'service']],
  [['batch', 'uses', 'vm']],
  [['compute', 'vm'], ['compute', 'batch']],
);
const after = model(
  [['compute', 'Compute', 'category'], ['vm', 'Virtual Machines', 'service'], ['fn', 'Functions', 'service']],
  [['fn', 'uses', 'vm']],
  [['compute', 'vm'], ['compute', 'fn']],
);
const diff = {
  from: 'v1',
  to: 'v2',
  nodes: {
    added: [{ id: 'fn', name: 'Functions', kind: 'service' }],
    removed: [{ id: 'batch', name: 'Azure Batch', kind: 'service' }],
    renamed: [],
    moved: [],
  },
  relations: {
    added: [{ source: 'Functions', relation: 'uses', target: 'Virtual Machines' }],
    removed: [{ source: 'Azure Batch', relation: 'uses', target: 'Virtual Machines' }],
  },
};

test('a diff names the nodes and edges to mark, by the ids the drawing uses', () => {
  const changes = changeSet(diff, before, after);
  assert.equal(changes.version, 'v2');
  assert.equal(changes.previous, 'v1');
  assert.deepEqual([...changes.added].sort(), [edgeKey('fn', 'uses', 'vm'), membershipKey('compute', 'fn'), 'fn'].sort());
  assert.deepEqual([...changes.removed].sort(), [edgeKey('batch', 'uses', 'vm'), membershipKey('compute', 'batch'), 'batch'].sort());
  assert.deepEqual(changedNodes(changes).sort(), ['batch', 'fn'], 'only nodes are pinned to the drawing');
  assert.equal(changeSummary(changes), '1 node and 1 relation added; 1 node and 1 relation removed.');
});

test('what was removed stays drawn as a ghost until dismissed', () => {
  const fresh = model(
    [['compute', 'Compute', 'category'], ['vm', 'Virtual Machines', 'service'], ['fn', 'Functions', 'service']],
    [['fn', 'uses', 'vm']],
    [['compute', 'vm'], ['compute', 'fn']],
  );
  const changes = changeSet(diff, before, fresh);
  keepGhosts(fresh, changes);
  assert.ok(fresh.nodes.get('batch').removed, 'the removed node is back, flagged');
  assert.ok(fresh.edgeIds.has(edgeKey('batch', 'uses', 'vm')), 'with its removed relation');
  assert.ok(fresh.edgeIds.has(membershipKey('compute', 'batch')), 'and its membership');
  fresh.dropRemoved();
  assert.ok(!fresh.nodes.has('batch'));
  assert.deepEqual(fresh.edges.map((e) => e.id).sort(), [edgeKey('fn', 'uses', 'vm'), membershipKey('compute', 'vm'), membershipKey('compute', 'fn')].sort());
  assert.equal(fresh.degree('vm'), 2, 'the adjacency is rebuilt');
});

test('a move marks the memberships it ends and starts; a rename marks the node', () => {
  const old = model([['a', 'A', 'category'], ['b', 'B', 'category'], ['s', 'S', 'service']], [], [['a', 's']]);
  const now = model([['a', 'A', 'category'], ['b', 'B', 'category'], ['s', 'S2', 'service']], [], [['b', 's']]);
  const changes = changeSet({
    from: 'v1',
    to: 'v2',
    nodes: {
      added: [],
      removed: [],
      renamed: [{ before: { id: 's', name: 'S' }, after: { id: 's', name: 'S2' }, by: 'same_id' }],
      moved: [{ node: { id: 's', name: 'S2' }, from: ['A'], to: ['B'] }],
    },
    relations: { added: [], removed: [] },
  }, old, now);
  assert.ok(changes.added.has('s'));
  assert.ok(changes.added.has(membershipKey('b', 's')));
  assert.ok(changes.removed.has(membershipKey('a', 's')));
  assert.equal(changes.ghosts.edges.length, 1, 'the old membership is drawn until dismissed');
  assert.equal(changeSummary(changes), '1 node renamed; 1 node moved between categories.');
});

test('a reload that changed nothing says so', () => {
  const same = changeSet({ from: 'v1', to: 'v2', nodes: {}, relations: {} }, before, before);
  assert.equal(same.added.size + same.removed.size, 0);
  assert.equal(changeSummary(same), 'No node or relation changed.');
});
