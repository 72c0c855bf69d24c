// Questions in plain words: /api/v1/ask answers with the JSON of the
// structured endpoint it used and one sentence. Every node and edge in
// that JSON is highlighted on the graph.

import { get } from './api.js';
import { h, replace } from './dom.js';
import { problemQuery, problemView } from './problem.js';
import { edgeList, pathSteps } from './steps.js';

/**
 * Asks `question` and shows the answer in `out`. Returns the highlight
 * ({kind: 'answer', nodes, edges}) or null.
 */
export async function ask(question, out, { open, reask, toConsole }) {
  out.hidden = false;
  const body = out.querySelector('.answer-body');
  replace(body, h('p', { class: 'muted' }, `Asking “${question}”…`));
  let reply;
  try {
    reply = await get('/api/v1/ask', { q: question });
  } catch (error) {
    replace(body, problemView(error, {
      // A candidate is asked as the API rewrote the question for it; a
      // suggestion replaces the name the question used.
      node: (n) => reask(n.rewritten ?? rename(question, problemQuery(error.problem), n.name)),
      text: (text) => reask(text),
    }));
    return null;
  }
  const light = collect(reply.answer);
  replace(
    body,
    h('p', { class: 'answer-text' }, reply.text ?? ''),
    interpretation(reply.interpretation, toConsole),
    details(reply.answer, open),
  );
  return light;
}

/**
 * How the question was read: its form, the names it found, and the
 * Cypher query whose rows are the answer, with a button that runs it in
 * the query console.
 */
export function interpretation(reading, toConsole) {
  if (!reading) return null;
  const mentions = (reading.mentions ?? []).map((m) => `“${m.text}” as ${m.node.name}`);
  return h('div', { class: 'interpretation' },
    h('p', { class: 'muted small' }, `Read as: ${reading.intent}`, mentions.length ? ` (${mentions.join(', ')})` : ''),
    reading.cypher
      ? [h('p', { class: 'muted small cypher-label' }, 'As Cypher:'), h('pre', { class: 'cypher' }, h('code', {}, reading.cypher)),
        toConsole ? h('button', { type: 'button', class: 'open-console', onclick: () => toConsole(reading.cypher) }, 'Open in console') : null]
      : null);
}

/** `question` with the words `from` (any case) replaced by `to`; else `to` appended. */
export function rename(question, from, to) {
  if (!from) return question;
  const at = question.toLowerCase().lastIndexOf(from.toLowerCase());
  return at < 0 ? question : question.slice(0, at) + to + question.slice(at + from.length);
}

/** The answer's facts as text: edges, paths or nodes. */
function details(answer, open) {
  if (!answer || typeof answer !== 'object') return null;
  if (Array.isArray(answer.paths)) return answer.paths.map((p) => pathSteps(p, open));
  const items = Array.isArray(answer.items) ? answer.items : Array.isArray(answer.edges) ? answer.edges : null;
  if (items?.length && items[0].source && items[0].target) return edgeList(items, open);
  const nodes = items ?? answer.nodes;
  if (Array.isArray(nodes) && nodes.length && nodes[0].id) {
    return h('ul', { class: 'plain facts' }, nodes.map((n) => h('li', {}, h('button', { type: 'button', class: 'node-link', onclick: () => open(n.id) }, n.name ?? n.id))));
  }
  return null;
}

/** Every node summary and edge anywhere in `value`. */
export function collect(value) {
  const nodes = new Set();
  const edges = new Set();
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    if (typeof v.id === 'string' && typeof v.kind === 'string' && typeof v.name === 'string') nodes.add(v.id);
    if (v.source?.id && v.target?.id && typeof v.relation === 'string') edges.add([v.source.id, v.relation, v.target.id]);
    Object.values(v).forEach(walk);
  };
  walk(value);
  return { kind: 'answer', nodes, edges };
}
