// The status bar: graph version, counts, the load's diagnostics, and a
// notice when the server starts serving another version of the graph.

import { get } from './api.js';
import { $, h, replace } from './dom.js';

export function showStats(model) {
  const s = model.stats;
  const version = s?.version ?? '';
  replace($('#version'), 'Graph version ', h('code', { id: 'graph-version' }, version || 'unknown'));
  if (s) {
    replace($('#counts'),
      `${s.nodes.total} nodes (${s.nodes.category} categories, ${s.nodes.service} services, ${s.nodes.concept} concepts) · `
      + `${s.edges.relation} relations of ${s.relation_types} kinds · ${s.documents.length} document${s.documents.length === 1 ? '' : 's'}`);
  }
}

/** Fills the diagnostics list; returns how many there are. */
export async function showDiagnostics() {
  const box = $('#diagnostics');
  try {
    const page = await get('/api/v1/diagnostics', { limit: 1000 });
    replace(box.querySelector('summary'), `Diagnostics (${page.total})`);
    replace(
      box.querySelector('ul'),
      page.items.length
        ? page.items.map((d) => h('li', {}, h('code', {}, `${d.document}:${d.line}`), ' ', d.message))
        : h('li', {}, 'The documents loaded without warnings.'),
    );
    box.classList.toggle('has-warnings', page.total > 0);
    return page.total;
  } catch (error) {
    replace(box.querySelector('summary'), 'Diagnostics (unavailable)');
    replace(box.querySelector('ul'), h('li', {}, error.message));
    return 0;
  }
}

/**
 * Tells the reader the server serves another version than the page shows
 * (`shown()`), unless the page is following the server's events
 * (`following()`), which update the page themselves.
 */
export function watchVersion(shown, following) {
  return (version) => {
    const loaded = shown();
    if (!loaded || version === loaded || following()) return;
    const notice = $('#version-notice');
    notice.hidden = false;
    replace(notice, `The server now serves graph version ${version} (the page shows ${loaded}). `,
      h('button', { type: 'button', class: 'link', onclick: () => location.reload() }, 'Reload'));
  };
}
