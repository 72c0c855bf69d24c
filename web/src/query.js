// The query console: a Cypher editor (CodeMirror 5, a classic script, with
// its Cypher mode and hint add-on), completion of labels, relationship
// types and property names from the live graph, the answer as a table and
// as a highlighted subgraph, EXPLAIN and PROFILE as a plan tree, and the
// query in the link.

import { get } from './api.js';
import { collect } from './ask.js';
import { h, replace } from './dom.js';
import { problemQuery, problemView } from './problem.js';
import { pathSteps } from './steps.js';

/**
 * `text` with the name `problem` quotes (plain or backquoted) replaced by
 * `name`: the first such name from the problem's line and column on.
 */
export function replaceWrong(text, problem, name) {
  const wrong = problemQuery(problem);
  if (!wrong) return text;
  const lines = text.split('\n');
  const line = Math.max(1, Number(problem.line) || 1);
  const at = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, (Number(problem.column) || 1) - 1);
  const escaped = wrong.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`\`${escaped}\`|(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`, 'g');
  pattern.lastIndex = Math.min(at, text.length);
  const found = pattern.exec(text) ?? new RegExp(pattern.source).exec(text);
  return found ? text.slice(0, found.index) + name + text.slice(found.index + found[0].length) : text;
}

/** Queries to start from. */
export const EXAMPLES = [
  ['What uses what', 'MATCH (s:Service)-[:uses]->(t)\nRETURN s.name, t.name'],
  ['The services of a category', "MATCH (c:Category {name: 'Storage Services'})-[:HAS_SERVICE]->(s)\nRETURN s.name ORDER BY s.name"],
  ['Within three hops of AKS', "MATCH (a)-[*1..3]-(b)\nWHERE a = resolve('AKS')\nRETURN DISTINCT b.name, b.kind LIMIT 25"],
  ['A shortest path', "MATCH p = shortestPath((a)-[*]-(b))\nWHERE a = resolve('AKS') AND b = resolve('VMSS')\nRETURN p"],
  ['The busiest relations', 'MATCH ()-[r]->()\nRETURN type(r) AS relation, count(*) AS edges\nORDER BY edges DESC LIMIT 10'],
];

const KEYWORDS = [
  'MATCH', 'OPTIONAL MATCH', 'WHERE', 'RETURN', 'WITH', 'UNWIND', 'ORDER BY', 'SKIP', 'LIMIT', 'DISTINCT',
  'AND', 'OR', 'NOT', 'AS', 'DESC', 'ASC', 'EXPLAIN', 'PROFILE', 'shortestPath', 'allShortestPaths',
  'count', 'collect', 'type', 'labels', 'resolve', 'size', 'length', 'nodes', 'relationships',
];
const LABELS = ['Category', 'Service', 'Concept'];
const PROPERTIES = ['id', 'name', 'kind', 'aliases'];

/** A relationship type as Cypher writes it: backquoted unless a plain word. */
export function relType(label) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(label) ? label : `\`${label.replace(/`/g, '``')}\``;
}

/**
 * What to complete at the end of `before` (the text up to the cursor):
 * {kind: 'label'|'type'|'property'|'word', word}.
 */
export function completionContext(before) {
  const word = /[A-Za-z_`][A-Za-z0-9_ `]*$/.exec(before)?.[0]?.replace(/^`/, '') ?? '';
  const head = before.slice(0, before.length - (/[A-Za-z0-9_`]*$/.exec(before)?.[0].length ?? 0));
  if (/\.\s*$/.test(head)) return { kind: 'property', word: /[A-Za-z0-9_]*$/.exec(before)[0] };
  if (/:\s*$/.test(head)) {
    // Inside [...] a relationship type, inside (...) a label.
    const open = Math.max(head.lastIndexOf('['), head.lastIndexOf('('));
    const kind = open >= 0 && head[open] === '[' && head.lastIndexOf(']') < open ? 'type' : 'label';
    return { kind, word: /[A-Za-z0-9_`]*$/.exec(before)[0].replace(/^`/, '') };
  }
  return { kind: 'word', word: /[A-Za-z0-9_]*$/.exec(before)[0] || word };
}

/** The choices for a context: labels, the graph's relationship types, properties or keywords. */
export function completions(context, relations) {
  const pool = {
    label: LABELS,
    type: [...relations.map((r) => relType(r.label)), 'HAS_SERVICE'],
    property: PROPERTIES,
    word: KEYWORDS,
  }[context.kind];
  const w = context.word.toLowerCase();
  return pool.filter((c) => c.replace(/`/g, '').toLowerCase().startsWith(w));
}

/**
 * Makes the console in `root` (a form with a textarea, buttons and the
 * examples). `run(text)` is called to run a query.
 */
export function queryConsole(form, { relations, run }) {
  const { CodeMirror } = window;
  const textarea = form.querySelector('textarea');
  const editor = CodeMirror.fromTextArea(textarea, {
    mode: 'cypher',
    lineWrapping: true,
    viewportMargin: Infinity,
    screenReaderLabel: 'Cypher query',
    extraKeys: {
      'Ctrl-Enter': () => run(editor.getValue()),
      'Cmd-Enter': () => run(editor.getValue()),
      'Ctrl-Space': 'autocomplete',
      Tab: false,
      'Shift-Tab': false,
    },
    hintOptions: {
      completeSingle: false,
      hint: (cm) => {
        const cursor = cm.getCursor();
        const before = cm.getRange({ line: cursor.line, ch: 0 }, cursor);
        const context = completionContext(before);
        const list = completions(context, relations());
        const from = { line: cursor.line, ch: cursor.ch - context.word.length - (/`[^`]*$/.test(before) ? 1 : 0) };
        return list.length ? { list, from, to: cursor } : null;
      },
    },
  });
  // Labels after ':' and properties after '.' are offered as one types.
  editor.on('inputRead', (cm, change) => {
    if (/^[:.A-Za-z]$/.test(change.text.join(''))) cm.showHint();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const mode = event.submitter?.value;
    const text = editor.getValue().trim();
    if (!text) return;
    const bare = text.replace(/^(EXPLAIN|PROFILE)\s+/i, '');
    run(mode ? `${mode} ${bare}` : text);
  });
  const examples = form.querySelector('select');
  replace(examples, h('option', { value: '' }, 'Examples…'), EXAMPLES.map(([label, text]) => h('option', { value: text }, label)));
  examples.addEventListener('change', () => {
    if (!examples.value) return;
    editor.setValue(examples.value);
    examples.value = '';
    editor.focus();
  });
  return {
    set: (text) => { if (editor.getValue() !== text) editor.setValue(text ?? ''); },
    refresh: () => editor.refresh(),
  };
}

/**
 * Runs `text` and shows the answer in `out` (the answer panel): the table,
 * the plan, the counts; a problem with its caret and suggestions (a
 * suggestion reruns the query with it, through `rerun(text)`). Returns the
 * highlight of every node and edge in the answer, or null.
 */
export async function runQuery(text, out, { open, rerun }) {
  out.hidden = false;
  out.querySelector('h2').textContent = 'Query';
  const body = out.querySelector('.answer-body');
  replace(body, h('p', { class: 'muted' }, 'Running…'));
  let answer;
  try {
    answer = await get('/api/v1/query', { q: text });
  } catch (error) {
    // A suggested name (a relationship type, a label) replaces the one the
    // query got wrong, and the query runs again.
    const fix = (name) => rerun(replaceWrong(text, error.problem, relType(name)));
    replace(body, problemView(error, { text: fix }, { source: text }));
    return null;
  }
  const { fields, values } = answer.data;
  replace(
    body,
    h('p', { class: 'answer-text', role: 'status' },
      `${answer.stats.rows} row${answer.stats.rows === 1 ? '' : 's'}${answer.truncated ? ' (the first ones: more matched)' : ''}`,
      h('span', { class: 'muted small' }, ` · work ${answer.stats.work} · ${answer.stats.elapsed_ms} ms`)),
    answer.plan ? planView(answer.plan) : null,
    fields.length ? table(fields, values, open) : null,
  );
  const light = collect(values);
  return light.nodes.size || light.edges.size ? light : null;
}

function table(fields, values, open) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'results-table' },
      h('caption', { class: 'visually-hidden' }, 'Query results'),
      h('thead', {}, h('tr', {}, fields.map((f) => h('th', { scope: 'col' }, f)))),
      h('tbody', {}, values.map((row) => h('tr', {}, row.map((v) => h('td', {}, cell(v, open))))))));
}

function cell(value, open) {
  if (value === null || value === undefined) return h('span', { class: 'muted' }, 'null');
  if (Array.isArray(value)) return value.map((v, i) => [i ? ', ' : '', cell(v, open)]);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value.nodes) && Array.isArray(value.edges)) return pathSteps(value, open);
  if (value.source?.id && value.target?.id) {
    return [node(value.source, open), h('span', { class: 'arrow' }, ` —${value.relation}→ `), node(value.target, open)];
  }
  if (typeof value.id === 'string' && typeof value.name === 'string') return node(value, open);
  return h('code', {}, JSON.stringify(value));
}

function node(n, open) {
  return h('button', { type: 'button', class: 'node-link', onclick: () => open(n.id) }, n.name);
}

/** EXPLAIN / PROFILE: the operators as a tree with their estimates (and actuals). */
export function planView(plan) {
  const item = (p) => h('li', {},
    h('span', { class: 'plan-op' }, p.operator),
    p.details ? h('span', { class: 'plan-details' }, ` ${p.details}`) : null,
    h('span', { class: 'muted small' },
      ` · est. ${round(p.estimated_rows)} rows, ${round(p.estimated_work)} work`
      + (p.rows !== undefined ? ` · ${p.rows} rows, ${p.work} work` : '')),
    p.children?.length ? h('ul', {}, p.children.map(item)) : null);
  return h('section', { class: 'plan', 'aria-label': 'Query plan' }, h('h3', {}, 'Plan'), h('ul', { class: 'plan-tree' }, item(plan)));
}

function round(n) {
  return Number.isFinite(n) ? (n >= 100 ? Math.round(n) : Math.round(n * 10) / 10) : n;
}
