// Label placement: sizes in screen pixels, best labels first, no overlap.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { edgeLabelBox, LABEL_PAD, nodeLabelBox, overlaps, placeLabels, sharedArea, wrapLines } from '../src/labels.js';

const measure = (text) => text.length * 7;

test('names wrap at the width, a long word keeps its own line', () => {
  assert.deepEqual(wrapLines('Azure Database for PostgreSQL', 100, measure), ['Azure Database', 'for PostgreSQL']);
  assert.deepEqual(wrapLines('DNS', 100, measure), ['DNS']);
  assert.deepEqual(wrapLines('Supercalifragilistic x', 50, measure), ['Supercalifragilistic', 'x']);
});

test('the higher priority wins a clash and a forced label is always placed', () => {
  const box = (x) => ({ x1: x, x2: x + 50, y1: 0, y2: 14 });
  const placed = placeLabels([
    { id: 'concept', box: box(10), priority: 20 },
    { id: 'category', box: box(0), priority: 50 },
    { id: 'far', box: box(200), priority: 20 },
    { id: 'hovered', box: box(20), priority: 10, force: true },
  ]);
  assert.deepEqual([...placed].sort(), ['category', 'far', 'hovered']);
});

test('a label never clashes with its own node', () => {
  const box = { x1: 0, x2: 50, y1: 0, y2: 20 };
  const placed = placeLabels([
    { id: 'shape', box, priority: 1000, force: true, owner: 'c' },
    { id: 'label', box, priority: 50, owner: 'c' },
    { id: 'other', box, priority: 40, owner: 'd' },
  ]);
  assert.deepEqual([...placed].sort(), ['label', 'shape']);
});

test('placed labels never overlap unless forced', () => {
  const candidates = [];
  for (let i = 0; i < 300; i++) {
    const x = (i * 37) % 500;
    const y = (i * 53) % 400;
    candidates.push({ id: `n${i}`, box: { x1: x, x2: x + 60, y1: y, y2: y + 16 }, priority: i % 3 });
  }
  const placed = candidates.filter((c) => placeLabels(candidates).has(c.id));
  for (const a of placed) for (const b of placed) if (a !== b) assert.ok(!overlaps(a.box, b.box), `${a.id} ${b.id}`);
  assert.ok(placed.length > 50);
});

test('a label hangs below its node, or sits inside a category', () => {
  const below = nodeLabelBox({ at: { x: 100, y: 100 }, half: 10, inside: false, lines: 2, lineHeight: 14, width: 80 });
  assert.ok(below.y1 > 110 && below.y2 - below.y1 === 2 * 14 + 2 * LABEL_PAD);
  const inside = nodeLabelBox({ at: { x: 100, y: 100 }, half: 10, inside: true, lines: 1, lineHeight: 16, width: 80 });
  assert.equal((inside.y1 + inside.y2) / 2, 100);
  assert.equal(sharedArea(below, inside), 0);
});

test('an edge label is only drawn where the edge has room for it', () => {
  assert.equal(edgeLabelBox({ x: 0, y: 0 }, { x: 40, y: 0 }, 30, 12, 20), null, '"uses" is not squeezed onto a short edge');
  const box = edgeLabelBox({ x: 0, y: 0 }, { x: 200, y: 0 }, 30, 12, 20);
  assert.deepEqual(box, { x1: 85, x2: 115, y1: -6, y2: 6 });
  const steep = edgeLabelBox({ x: 0, y: 0 }, { x: 0, y: 200 }, 30, 12, 20);
  assert.ok(Math.abs(steep.y2 - steep.y1 - 30) < 1e-9, 'the box turns with the edge');
});
