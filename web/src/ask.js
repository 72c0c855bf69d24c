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
export async function ask(question, out, { open, reask }) {
  out.hidden = false;
  const body = out.querySelector('.answer-body');
  replace(body, h('p', { class: 'muted' }, `Asking “${question}”…`));
  let reply;
  try {
    reply = await get('/api/v1/ask', { q: question });
  } catch (error) {
    replace(body, problemView(error, {
      // A candidate or suggestion replaces the name the question used.
      node: (n) => reask(rename(question, problemQuery(error.problem), n.name)),
      text: (text) => reask(text),
    }));
    return null;
  }
  const light = collect(reply.answer);
  const intent = reply.interpretation?.intent;
  replace(
    body,
    h('p', { class: 'answer-text' }, reply.text ?? ''),
    intent ? h('p', { class: 'muted small' }, `Read as: ${intent}${describeParams(reply.interpretation.params)}`) : null,
    details(reply.answer, open),
  );
  return light;
}

/** `question` with the words `from` (any case) replaced by `to`; else `to` appended. */
export function rename(question, from, to) {
  if (!from) return question;
  const at = question.toLowerCase().lastIndexOf(from.toLowerCase());
  return at < 0 ? question : question.slice(0, at) + to + question.slice(at + from.length);
}

function describeParams(params) {
  if (!params || typeof params !== 'object') return '';
  const parts = Object.entries(params)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : typeof v === 'object' ? JSON.stringify(v) : v}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
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
