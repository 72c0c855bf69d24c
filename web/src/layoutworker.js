// The layout, off the page's main thread: fcose on a headless Cytoscape.js
// over the nodes' sizes (labels included, measured by the page). Gets
// {token, nodes: [{id, w, h}], edges: [{id, source, target, membership}],
// seed, options, screen?} (`options`: fcose's, as layout.js gives them);
// answers {token, positions: {id: [x, y]}, ms}.
// With `screen` (the map's size and the labels' sizes in screen pixels)
// the layout is then fitted to that screen: stretched to its shape and
// spread until no two labels overlap at the zoom that shows it whole.
/* global cytoscape, cytoscapeFcose */

importScripts('./cytoscape.min.js', './layout-base.js', './cose-base.js', './cytoscape-fcose.js');
cytoscape.use(cytoscapeFcose);

/**
 * fcose's options from the page's data (layout.js): the edge lengths and
 * the repulsion become the functions fcose wants.
 */
function fcoseOptions(data) {
  const { membership, relation } = data.idealEdgeLength;
  const repulsion = data.nodeRepulsion;
  return {
    ...data,
    idealEdgeLength: (edge) => (edge.data('membership') ? membership : relation),
    nodeRepulsion: () => repulsion,
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

/**
 * Spreads the layout along one axis to the shape of the screen: a wide
 * screen gets a wider map, a phone a taller one. Nothing moves closer.
 */
function stretch(points, screen) {
  const [w, h] = extent(points);
  const ratio = Math.min(2.5, Math.max(0.4, (screen.w / screen.h) / (Math.max(w, 1) / Math.max(h, 1))));
  const [sx, sy] = ratio >= 1 ? [ratio, 1] : [1, 1 / ratio];
  const [cx, cy] = centre(points);
  for (const p of points) {
    p.x = cx + (p.x - cx) * sx;
    p.y = cy + (p.y - cy) * sy;
  }
}

function extent(points) {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
}

function centre(points) {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return [(Math.max(...xs) + Math.min(...xs)) / 2, (Math.max(...ys) + Math.min(...ys)) / 2];
}

/** The zoom at which the page's fit shows every point (graph.js fit()). */
function fitZoom(points, screen) {
  const [w, h] = extent(points);
  const width = Math.max(1, screen.w - 2 * screen.padX);
  const height = Math.max(1, screen.h - screen.padTop - screen.padBottom);
  return Math.min(screen.maxZoom, width / Math.max(w + 42, 1), height / Math.max(h + 42, 1));
}

/**
 * The box a node takes at zoom `z`, in model units around its position:
 * its shape, and its label (`label` in screen pixels: `inside` centred on
 * the shape, else below it), with `gap` screen pixels of air.
 */
function box(p, z, gap) {
  const lw = (p.label?.w ?? 0) / z;
  const lh = (p.label?.h ?? 0) / z;
  const g = gap / z;
  const w = Math.max(p.w0, lw) + g;
  if (p.label?.inside) {
    const h = Math.max(p.h0, lh) + g;
    return { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y - h / 2, y2: p.y + h / 2 };
  }
  return { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y - p.h0 / 2 - g / 2, y2: p.y + p.h0 / 2 + (lh ? 2 / z + lh : 0) + g / 2 };
}

/**
 * Pushes overlapping nodes apart, each pair along the axis where they
 * overlap least, until no two boxes overlap at the zoom that fits the
 * map (which falls as the map spreads), that zoom falls below
 * `screen.minZoom`, or the rounds run out. A uniform grid finds the
 * neighbours.
 */
function separate(points, screen) {
  for (let round = 0; round < 60; round++) {
    const z = fitZoom(points, screen);
    if (z < screen.minZoom) return;
    const boxes = points.map((p) => box(p, z, 4));
    const cell = Math.max(...boxes.map((b) => Math.max(b.x2 - b.x1, b.y2 - b.y1)));
    const grid = new Map();
    boxes.forEach((b, i) => {
      const key = `${Math.floor(b.x1 / cell)},${Math.floor(b.y1 / cell)}`;
      if (!grid.has(key)) grid.set(key, []);
      grid.get(key).push(i);
    });
    let moved = 0;
    boxes.forEach((a, i) => {
      const gx = Math.floor(a.x1 / cell);
      const gy = Math.floor(a.y1 / cell);
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (const j of grid.get(`${gx + dx},${gy + dy}`) ?? []) {
            if (j <= i) continue;
            const b = boxes[j];
            const ox = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
            const oy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
            if (ox <= 0 || oy <= 0) continue;
            const [p, q] = [points[i], points[j]];
            if (ox < oy) {
              const push = (ox / 2 + 0.01) * (p.x < q.x || (p.x === q.x && i < j) ? -1 : 1);
              p.x += push;
              q.x -= push;
            } else {
              const push = (oy / 2 + 0.01) * ((a.y1 + a.y2) < (b.y1 + b.y2) || (a.y1 + a.y2 === b.y1 + b.y2 && i < j) ? -1 : 1);
              p.y += push;
              q.y -= push;
            }
            moved += 1;
          }
        }
      }
    });
    if (!moved) return;
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
  seeded(data.seed, () => cy.layout(fcoseOptions(data.options)).run());
  const points = data.nodes.map((n) => {
    const p = cy.getElementById(n.id).position();
    return { ...n, x: p.x, y: p.y };
  });
  cy.destroy();
  if (data.screen && points.length > 1) {
    stretch(points, data.screen);
    separate(points, data.screen);
  }
  const positions = {};
  for (const p of points) positions[p.id] = [p.x, p.y];
  self.postMessage({ token: data.token, positions, ms: performance.now() - started });
};
