// Link states as people type them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fromHash, toHash, yes } from '../src/view.js';

test('a flag reads 1, true, yes and on, in any case', () => {
  for (const v of ['1', 'true', 'TRUE', 'yes', 'on', ' True ']) assert.ok(yes(v), v);
  for (const v of ['0', 'false', '', null, undefined, 'no']) assert.ok(!yes(v), String(v));
  const view = fromHash('#from=AKS&to=VMSS&via=true&directed=yes');
  assert.equal(view.path.via, true);
  assert.equal(view.path.directed, true);
});

test('kinds are read in any case, and hiding memberships survives the hash', () => {
  assert.deepEqual([...fromHash('#kind=Service&kind=CATEGORY').kinds].sort(), ['category', 'service']);
  const view = fromHash('#members=0');
  assert.equal(view.memberships, false);
  assert.equal(fromHash(`#${toHash(view)}`).memberships, false);
  assert.equal(fromHash('').memberships, true);
});

test('node refs are kept as typed for the page to resolve', () => {
  const view = fromHash('#focus=AKS&depth=2&node=cosmos%20db');
  assert.equal(view.focus, 'AKS');
  assert.equal(view.depth, 2);
  assert.equal(view.node, 'cosmos db');
});
