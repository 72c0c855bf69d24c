// The URL round trip: a copied link must restore the same view.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { emptyView, fromHash, toHash } from '../src/view.js';

test('an empty view has an empty hash', () => {
  assert.equal(toHash(emptyView()), '');
  assert.deepEqual(fromHash(''), emptyView());
});

test('every part of a view survives the hash', () => {
  const view = emptyView();
  view.node = 'azure-synapse-analytics';
  view.focus = 'data-lake-storage';
  view.depth = 3;
  view.kinds = new Set(['service', 'category']);
  view.categories = new Set(['database-services', 'storage-services']);
  view.relations = new Set(['integrates with', 'has service']);
  view.path = { from: 'AKS', to: 'VMSS', directed: true, via: true, k: 3, relations: ['uses', 'scales with'], avoid: ['Azure Batch', 'DNS, the service'] };
  view.ask = 'what integrates with Synapse?';
  assert.deepEqual(fromHash(`#${toHash(view)}`), view);
});

test('hiding everything is not the same as showing everything', () => {
  const view = emptyView();
  view.kinds = new Set();
  view.categories = new Set();
  view.relations = new Set();
  const back = fromHash(toHash(view));
  assert.equal(back.kinds.size, 0);
  assert.equal(back.categories.size, 0);
  assert.equal(back.relations.size, 0);
});

test('bad values fall back to defaults', () => {
  const view = fromHash('#depth=99&k=0&kind=planet&from=A&to=B&focus=x');
  assert.equal(view.depth, 5);
  assert.equal(view.path.k, 1);
  assert.equal(view.kinds.size, 0);
  assert.equal(fromHash('#depth=abc&focus=x').depth, 1);
  assert.equal(fromHash('#from=A').path, null, 'a path needs both ends');
});
