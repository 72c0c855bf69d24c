// Autocomplete for any node field (search, path from/to): the ARIA 1.2
// combobox pattern, driven by /api/v1/resolve, which forgives typos,
// acronyms and single words.

import { get } from './api.js';
import { debounce, h, replace } from './dom.js';

let counter = 0;

const MATCH_WORDS = {
  id: 'id', name: 'name', alias: 'alias', acronym: 'acronym', word: 'word',
  prefix: 'prefix', substring: 'part of name', fuzzy: 'close spelling',
};

/** Up to `limit` {node, match} for `text`. */
export async function suggest(text, limit = 8) {
  const page = await get('/api/v1/resolve', { name: text, limit });
  return page.items.map((i) => ({ node: i.node, match: i.match }));
}

/**
 * Makes `input` a combobox. `onPick(node)` runs when a suggestion is
 * chosen (Enter, click). `colourOf(node)` gives the swatch colour.
 */
export function autocomplete(input, { onPick, colourOf, onEnterText }) {
  const listId = `${input.id || 'ac'}-list-${++counter}`;
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', hidden: true, 'aria-label': 'Suggestions' });
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('spellcheck', 'false');

  let items = [];
  let active = -1;
  let request = 0;

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function setActive(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', `${listId}-${i}`);
      list.children[i]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function pick(i) {
    const item = items[i];
    if (!item) return;
    input.value = item.node.name;
    close();
    onPick?.(item.node);
  }

  function show(found) {
    items = found;
    replace(
      list,
      found.length
        ? found.map((item, i) =>
            h(
              'li',
              {
                id: `${listId}-${i}`,
                role: 'option',
                'aria-selected': 'false',
                class: 'suggestion',
                onmousedown: (event) => { event.preventDefault(); pick(i); },
              },
              swatch(colourOf?.(item.node), item.node.kind),
              h('span', { class: 'suggestion-name' }, item.node.name),
              h('span', { class: 'suggestion-meta' }, `${item.node.kind}${item.match && MATCH_WORDS[item.match] && item.match !== 'name' ? ` · ${MATCH_WORDS[item.match]}` : ''}`),
            ),
          )
        : h('li', { class: 'suggestion-empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' }, 'No matching node'),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(found.length ? 0 : -1);
  }

  const lookup = debounce(async () => {
    const text = input.value.trim();
    const mine = ++request;
    if (!text) return close();
    try {
      const found = await suggest(text);
      if (mine === request && document.activeElement === input) show(found);
    } catch {
      if (mine === request) close();
    }
  }, 120);

  input.addEventListener('input', lookup);
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (event) => {
    const open = !list.hidden && items.length > 0;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (open) setActive((active + 1) % items.length);
      else lookup();
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      setActive((active - 1 + items.length) % items.length);
    } else if (event.key === 'Enter') {
      if (open && active >= 0) {
        event.preventDefault();
        pick(active);
      } else if (onEnterText) {
        event.preventDefault();
        onEnterText(input.value.trim());
      }
    } else if (event.key === 'Escape') {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });
  return { close };
}

/** A small shape in the node's colour, as the graph draws it. */
export function swatch(colour, kind) {
  const el = h('span', { class: `swatch swatch-${kind}`, 'aria-hidden': 'true' });
  if (colour && kind !== 'concept') el.style.backgroundColor = colour;
  return el;
}
