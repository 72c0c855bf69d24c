// The store: one state, changed only by set(), listeners told every time.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createStore, startAction } from '../src/store.js';
import { emptyView } from '../src/view.js';

test('set merges and tells every listener with the previous state', () => {
  const store = createStore({ a: 1, b: 2 });
  const seen = [];
  const stop = store.subscribe((state, previous) => seen.push([state.a, previous.a]));
  store.set({ a: 3 });
  store.set((s) => ({ a: s.a + 1 }));
  stop();
  store.set({ a: 10 });
  assert.deepEqual(seen, [[3, 1], [4, 3]]);
  assert.deepEqual(store.get(), { a: 10, b: 2 });
});

test('a new action clears the last highlight and open node unless pinned', () => {
  const view = { ...emptyView(), node: 'aks', path: { from: 'AKS', to: 'VMSS' } };
  const light = { kind: 'path', nodes: new Set(['aks']), edges: new Set() };
  const fresh = startAction({ view: { ...view, impact: { node: 'AKS', direction: 'dependents', depth: 8 } }, highlight: light, pinned: false }, { ask: 'what uses AKS' });
  assert.equal(fresh.highlight, null);
  assert.equal(fresh.view.node, null);
  assert.equal(fresh.view.path, null);
  assert.equal(fresh.view.impact, null, 'an impact is an action too');
  assert.equal(fresh.view.ask, 'what uses AKS');
  const kept = startAction({ view, highlight: light, pinned: true }, { ask: 'what uses AKS' });
  assert.equal(kept.highlight, undefined, 'a pinned highlight is left alone');
  assert.equal(kept.view.node, 'aks');
});
