// The layout, off the page's main thread: fcose on a headless Cytoscape.js
// over the nodes' sizes (labels included, measured by the page). Gets
// {token, nodes: [{id, w, h}], edges: [{id, source, target, membership}],
// seed, large}; answers {token, positions: {id: [x, y]}, ms}.
/* global cytoscape, cytoscapeFcose */

importScripts('./cytoscape.min.js', './layout-base.js', './cose-base.js', './cytoscape-fcose.js');
cytoscape.use(cytoscapeFcose);

/** The options of the one layout the page uses. */
function options(large) {
  return {
    name: 'fcose',
    // Draft quality is the spectral step alone, which puts every leaf of
    // a star (a category and its services) on one spot: never used.
    quality: 'default',
    randomize: true,
    animate: false,
    // The sizes already hold the labels (measured on the page).
    nodeDimensionsIncludeLabels: false,
    // Short edges, strong repulsion and strong gravity: a compact map
    // whose whole-map zoom stays near 1, so labels have room.
    idealEdgeLength: (edge) => (edge.data('membership') ? 40 : 60),
    nodeRepulsion: () => 12000,
    nodeSeparation: 30,
    gravity: 3,
    gravityRange: 1,
    packComponents: true,
    padding: 24,
    numIter: large ? 1500 : 2500,
  };
}

/**
 * Runs `fn` with Math.random replaced by a seeded generator (Park-Miller),
 * so the same elements always get the same layout.
 */
function seeded(seed, fn) {
  const random = Math.random;
  let state = seed;
  Math.random = () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
  try {
    fn();
  } finally {
    Math.random = random;
  }
}

self.onmessage = ({ data }) => {
  const started = performance.now();
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 'data(w)', height: 'data(h)', shape: 'rectangle' } }],
    elements: [
      ...data.nodes.map((n) => ({ group: 'nodes', data: n })),
      ...data.edges.map((e) => ({ group: 'edges', data: e })),
    ],
  });
  seeded(data.seed, () => cy.layout(options(data.large)).run());
  const positions = {};
  cy.nodes().forEach((n) => {
    const p = n.position();
    positions[n.id()] = [p.x, p.y];
  });
  cy.destroy();
  self.postMessage({ token: data.token, positions, ms: performance.now() - started });
};
