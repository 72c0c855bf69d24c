// Filters: by kind, by category, by relation. Each list is a fieldset of
// checkboxes; "all" is stored as null so new categories show by default.

import { h, replace } from './dom.js';
import { swatch } from './search.js';
import { KINDS } from './view.js';

/**
 * Fills `root` with the filter controls for `model`; `onChange(patch)`
 * gets {kinds} | {categories} | {relations} | {memberships}.
 */
export function renderFilters(root, model, colours, view, onChange) {
  const kinds = group('Kinds', 'filter-kind', KINDS.map((k) => ({ value: k, label: k, kind: k })), view.kinds, (set) => onChange({ kinds: set }), false);
  const categories = group(
    'Categories', 'filter-category',
    model.categories.map((c) => ({ value: c.id, label: c.name, kind: 'category', colour: colours.get(c.id) })),
    view.categories, (set, all) => onChange({ categories: all ? null : set }), true,
  );
  const relations = group(
    'Relations', 'filter-relation',
    model.relations.map((r) => ({ value: r.label, label: r.label, count: r.count })),
    view.relations, (set, all) => onChange({ relations: all ? null : set }), true,
  );
  const box = h('input', { type: 'checkbox', id: 'filter-memberships', name: 'filter-memberships', onchange: () => onChange({ memberships: box.checked }) });
  box.checked = view.memberships !== false;
  const memberships = h('fieldset', { class: 'filter-group' },
    h('legend', {}, 'Memberships'),
    h('ul', { class: 'plain checks' }, h('li', {}, box,
      h('label', { for: 'filter-memberships' },
        h('span', { class: 'legend-line dashed', 'aria-hidden': 'true' }),
        h('span', { class: 'option-label' }, 'Category membership'),
        h('span', { class: 'count' }, String(model.memberships))))));
  replace(root, kinds, categories, relations, memberships);
}

function group(legend, name, options, selected, onChange, bulk) {
  const boxes = [];
  const emit = () => {
    const set = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    onChange(set, set.size === boxes.length);
  };
  const rows = options.map((o, i) => {
    const box = h('input', { type: 'checkbox', id: `${name}-${i}`, name, value: o.value, onchange: emit });
    box.checked = !selected || selected.has(o.value);
    boxes.push(box);
    return h('li', {},
      box,
      h('label', { for: `${name}-${i}` },
        o.kind ? swatch(o.colour, o.kind) : null,
        h('span', { class: 'option-label' }, o.label),
        o.count !== undefined ? h('span', { class: 'count' }, String(o.count)) : null),
    );
  });
  const setAll = (on) => { for (const b of boxes) b.checked = on; emit(); };
  return h('fieldset', { class: 'filter-group' },
    h('legend', {}, legend),
    bulk
      ? h('div', { class: 'button-row small' },
          h('button', { type: 'button', onclick: () => setAll(true), 'aria-label': `All ${legend.toLowerCase()}` }, 'All'),
          h('button', { type: 'button', onclick: () => setAll(false), 'aria-label': `None of the ${legend.toLowerCase()}` }, 'None'))
      : null,
    h('ul', { class: 'plain checks' }, rows),
  );
}
