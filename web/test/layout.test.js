// The layout's settings: one source for the page and its worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { LARGE, layoutOptions } from '../src/layout.js';

test('the options cross to the worker as they are: plain data, no functions', () => {
  const options = layoutOptions(10);
  assert.deepEqual(structuredClone(options), options);
  assert.equal(options.name, 'fcose');
  assert.deepEqual(options.idealEdgeLength, { membership: 40, relation: 60 });
  assert.equal(typeof options.nodeRepulsion, 'number');
});

test('a large drawing lays out with fewer iterations', () => {
  assert.ok(layoutOptions(LARGE + 1).numIter < layoutOptions(LARGE).numIter);
});
