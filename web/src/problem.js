// One rendering for every problem the API returns (RFC 9457 problem+json):
// the title and detail, then whatever help the problem carries, as
// choices the reader can click: the suggestions of a miss, the candidates
// of a tie, the forms of an unreadable question, the closest reading of a
// question and its rewritten form, the line and caret of a query error.

import { ApiError } from './api.js';
import { h } from './dom.js';

/** The text the problem is about: the first `quoted` part of its detail. */
export function problemQuery(problem) {
  return /`([^`]+)`/.exec(problem?.detail ?? '')?.[1] ?? null;
}

/** Node summaries among `list` (the API also sends plain strings). */
function nodesIn(list) {
  return (list ?? []).filter((n) => n && typeof n === 'object' && n.name);
}

/**
 * A problem as an alert element. `on` holds what a choice does:
 * - node(node, parameter): a suggested or candidate node was chosen;
 * - text(text): a suggested text (a form's example, a rewritten question,
 *   a parameter value) was chosen.
 * A choice without its callback is shown as text.
 * `source` is the text that was sent (a query), for the caret.
 */
export function problemView(error, on = {}, { source } = {}) {
  if (!(error instanceof ApiError)) {
    return h('div', { class: 'problem error', role: 'alert' }, h('p', {}, String(error?.message ?? error)));
  }
  const p = error.problem;
  const nodeChoice = (n) => choice(n.name, on.node && (() => on.node(n, p.parameter)), n.kind);
  const textChoice = (text) => choice(text, on.text && (() => on.text(text)));
  const parts = [h('p', {}, h('strong', {}, `${p.title ?? 'Error'}: `), error.message)];

  const candidates = nodesIn(p.candidates);
  if (candidates.length) parts.push(choices('Which one?', candidates.map(nodeChoice)));
  const suggested = nodesIn(p.suggestions);
  if (suggested.length) parts.push(choices('Did you mean', suggested.slice(0, 6).map(nodeChoice)));
  const words = (p.suggestions ?? []).filter((s) => typeof s === 'string');
  if (words.length) parts.push(choices('Try', words.slice(0, 8).map(textChoice)));

  if (p.closest) {
    parts.push(h('p', {}, 'Closest reading: ', h('em', {}, String(p.closest.form ?? p.closest))));
  }
  if (p.rewritten) parts.push(choices('Ask instead', [textChoice(String(p.rewritten))]));
  if (Array.isArray(p.forms) && p.forms.length) {
    parts.push(h('p', { class: 'choices-label' }, 'Questions it reads, with an example of each:'),
      h('ul', { class: 'plain forms' }, p.forms.map((f) =>
        h('li', {}, h('code', {}, f.form), ' ', textChoice(f.example)))));
  }
  const caret = caretOf(p, source);
  if (caret) parts.push(caret);
  return h('div', { class: 'problem error', role: 'alert', dataset: { problem: error.kind || 'error' } }, parts);
}

function choice(label, onclick, kind) {
  if (!onclick) return h('span', { class: 'choice' }, label);
  return h('button', { type: 'button', class: 'choice', onclick, title: kind ? `${label} (${kind})` : label },
    label, kind ? h('span', { class: 'choice-kind' }, kind) : null);
}

function choices(label, items) {
  return h('div', { class: 'choices' }, h('span', { class: 'choices-label' }, label), ' ', items);
}

/** The line of a query error with a caret under the column (1-based). */
function caretOf(p, source) {
  const line = Number(p.line ?? p.position?.line);
  const column = Number(p.column ?? p.position?.column);
  if (!Number.isFinite(line) || !Number.isFinite(column)) return null;
  const excerpt = p.excerpt
    ?? `${(source ?? '').split('\n')[line - 1] ?? ''}\n${' '.repeat(Math.max(0, column - 1))}^`;
  return h('div', { class: 'caret-block' },
    h('p', { class: 'small' }, `Line ${line}, column ${column}:`),
    h('pre', { class: 'caret' }, excerpt));
}
