// Export the current view: PNG of what the screen shows (Cytoscape.js),
// SVG of the whole drawing (built in svg.js) and the drawn data with
// positions as JSON.

import { download } from './dom.js';
import { graphSvg } from './svg.js';

const BACKGROUND = '#ffffff';

function stamp() {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

/** The map as the screen shows it (the same part, highlights and labels), at twice the resolution. */
export async function exportPng(cy) {
  const blob = await cy.png({ output: 'blob-promise', full: false, scale: 2, bg: BACKGROUND });
  download(blob, `servicemap-${stamp()}.png`);
}

export function exportSvg(cy) {
  const text = graphSvg(cy, { background: BACKGROUND });
  download(new Blob([text], { type: 'image/svg+xml' }), `servicemap-${stamp()}.svg`);
}

/** The drawn nodes and edges, their positions, and the view that chose them. */
export function exportJson(cy, { version, link }) {
  const data = {
    version,
    link,
    nodes: cy.nodes().map((n) => ({
      id: n.id(),
      name: n.data('label'),
      kind: n.data('kind'),
      position: { x: Math.round(n.position('x')), y: Math.round(n.position('y')) },
    })),
    edges: cy.edges().map((e) => ({
      source: e.data('source'),
      relation: e.data('relation'),
      target: e.data('target'),
    })),
  };
  download(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `servicemap-${stamp()}.json`);
}
