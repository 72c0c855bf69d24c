// The query console's pure parts: completion contexts and choices, a
// suggested name put in place of the wrong one.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { completionContext, completions, relType, replaceWrong } from '../src/query.js';

const relations = [{ label: 'uses' }, { label: 'integrates with' }];

test('labels after a colon in a node, types in a relationship, properties after a dot', () => {
  assert.deepEqual(completionContext('MATCH (s:Se'), { kind: 'label', word: 'Se' });
  assert.deepEqual(completionContext('MATCH (s)-[:in'), { kind: 'type', word: 'in' });
  assert.deepEqual(completionContext('MATCH (s)-[r:`inte'), { kind: 'type', word: 'inte' });
  assert.deepEqual(completionContext('RETURN s.na'), { kind: 'property', word: 'na' });
  assert.equal(completionContext('MAT').kind, 'word');
});

test('choices come from the graph, backquoted when they need it', () => {
  assert.deepEqual(completions({ kind: 'label', word: 'se' }, relations), ['Service']);
  assert.deepEqual(completions({ kind: 'type', word: '' }, relations), ['uses', '`integrates with`', 'HAS_SERVICE']);
  assert.deepEqual(completions({ kind: 'type', word: 'inte' }, relations), ['`integrates with`']);
  assert.deepEqual(completions({ kind: 'property', word: 'n' }, relations), ['name']);
  assert.equal(relType('a `b`'), '`a ``b```');
});

test('a suggestion replaces the name the problem quotes, from its place on', () => {
  const text = 'MATCH (s:Service)-[:in]->(t) WHERE t.name IN ["in"] RETURN t';
  const problem = { detail: 'no relationship type `in` in the graph', line: 1, column: 19 };
  assert.equal(replaceWrong(text, problem, '`integrates with`'),
    'MATCH (s:Service)-[:`integrates with`]->(t) WHERE t.name IN ["in"] RETURN t');
  assert.equal(replaceWrong('RETURN 1', { detail: 'nothing quoted' }, 'x'), 'RETURN 1');
});
