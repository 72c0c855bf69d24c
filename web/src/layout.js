// The layout's settings, in one place: graph.js sends them with every
// layout to the worker (layoutworker.js), which turns them into fcose's
// options. Plain data, so they cross to the worker as they are.

/** A fit never zooms closer than this. */
export const FIT_MAX_ZOOM = 1.25;
/** The worker spreads the map for its labels, but not below this zoom: on a phone the rest of the names wait for the reader to zoom in. */
export const SPREAD_MIN_ZOOM = 0.3;
/** Larger drawings lay out with fewer iterations. */
export const LARGE = 250;

/**
 * fcose's options for a drawing of `nodes` nodes, as data: the worker
 * reads `idealEdgeLength` ({membership, relation}) and `nodeRepulsion`
 * as the functions fcose wants.
 */
export function layoutOptions(nodes) {
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
    idealEdgeLength: { membership: 40, relation: 60 },
    nodeRepulsion: 12000,
    nodeSeparation: 30,
    gravity: 3,
    gravityRange: 1,
    packComponents: true,
    padding: 24,
    numIter: nodes > LARGE ? 1500 : 2500,
  };
}
