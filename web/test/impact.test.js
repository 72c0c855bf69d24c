// The impact view's logic: the link state, the highlight by distance, the list's order and its sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { byDistance, distanceClass, impactHighlight, impactSummary } from '../src/impact.js';
import { emptyView, fromHash, IMPACT_DEPTH, impactQuery, toHash } from '../src/view.js';

const node = (id, name = id) => ({ id, name, kind: 'service' });
const edge = (s, r, t) => ({ source: node(s), relation: r, target: node(t), provenance: null });
const reached = (id, distance, edges) => ({ node: node(id), distance, path: { nodes: [], edges } });

// vm <- aks <- aci: Container Instances depends on AKS, which uses Virtual Machines.
const answer = {
  node: node('vm', 'Virtual Machines'),
  direction: 'dependents',
  relations: ['uses'],
  depth: 8,
  reached: [
    reached('aci', 2, [edge('aks', 'uses', 'vm'), edge('aci', 'orchestrated by', 'aks')]),
    reached('aks', 1, [edge('aks', 'uses', 'vm')]),
    reached('batch', 4, []),
  ],
};

test('an impact survives the link, with its direction and depth', () => {
  const view = emptyView();
  view.impact = impactQuery('Virtual Machines', 'dependencies', 3);
  assert.equal(toHash(view), 'impact=Virtual+Machines&direction=dependencies&impact_depth=3');
  assert.deepEqual(fromHash(`#${toHash(view)}`), view);
  view.impact = impactQuery('AKS');
  assert.equal(toHash(view), 'impact=AKS', 'the defaults stay out of the link');
  assert.deepEqual(fromHash('#impact=AKS').impact, { node: 'AKS', direction: 'dependents', depth: IMPACT_DEPTH.default });
});

test('an impact link is read as people type it', () => {
  assert.equal(fromHash('#impact=AKS&direction=Dependencies').impact.direction, 'dependencies');
  assert.equal(fromHash('#impact=AKS&direction=upwards').impact.direction, 'dependents', 'an unknown direction is the default');
  assert.equal(fromHash('#impact=AKS&impact_depth=99').impact.depth, IMPACT_DEPTH.max);
  assert.equal(fromHash('#impact=AKS&impact_depth=0').impact.depth, 1);
  assert.equal(fromHash('#impact=AKS&impact_depth=x').impact.depth, IMPACT_DEPTH.default);
  assert.equal(fromHash('#impact=').impact, null);
});

test('the highlight colours each node by its distance and keeps every path edge', () => {
  const light = impactHighlight(answer);
  assert.equal(light.kind, 'impact');
  assert.deepEqual([...light.nodes].sort(), ['aci', 'aks', 'batch', 'vm']);
  assert.equal(light.classes.get('vm'), 'impact-root');
  assert.equal(light.classes.get('aks'), 'impact-1');
  assert.equal(light.classes.get('aci'), 'impact-2');
  assert.equal(light.classes.get('batch'), 'impact-3', 'far nodes share the last colour');
  assert.deepEqual([...light.edges].map((e) => e.join(' ')).sort(), ['aci orchestrated by aks', 'aks uses vm']);
  assert.equal(distanceClass(0), 'impact-1');
});

test('the list goes nearest first', () => {
  assert.deepEqual(byDistance(answer.reached).map(([d, list]) => [d, list.map((r) => r.node.id)]), [[1, ['aks']], [2, ['aci']], [4, ['batch']]]);
});

test('the sentence reads well in both directions, one or many or none', () => {
  assert.equal(impactSummary(answer), '3 nodes depend on Virtual Machines, directly or not.');
  assert.equal(impactSummary({ ...answer, reached: answer.reached.slice(0, 1) }), '1 node depends on Virtual Machines, directly or not.');
  assert.equal(impactSummary({ ...answer, reached: [] }), 'Nothing depends on Virtual Machines.');
  assert.equal(impactSummary({ ...answer, direction: 'dependencies' }), 'Virtual Machines depends on 3 nodes, directly or not.');
  assert.equal(impactSummary({ ...answer, direction: 'dependencies', reached: [] }), 'Virtual Machines depends on nothing.');
});
