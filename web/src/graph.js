// The drawing: Cytoscape.js on a canvas. Categories are large coloured
// rounded boxes, services circles in their category's colour, concepts
// small grey diamonds; relation edges are arrows with their label,
// memberships thin dashed lines in the category's colour.

import cytoscape from './cytoscape.esm.min.js';
import { edgeKey } from './model.js';
import {
  ANSWER_COLOUR, CONCEPT_BORDER, CONCEPT_FILL, PATH_COLOUR, SELECT_COLOUR, UNCATEGORISED,
} from './palette.js';

// The layout extension is a classic script loaded before this module.
if (window.cytoscapeFcose) cytoscape.use(window.cytoscapeFcose);

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

const STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-family': FONT,
      'font-size': 13,
      color: '#1d2330',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': 130,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': 2,
      'text-background-shape': 'roundrectangle',
      'min-zoomed-font-size': 6,
      'background-color': 'data(colour)',
      'border-width': 2,
      'border-color': '#ffffff',
      width: 24,
      height: 24,
      'transition-property': 'opacity',
      'transition-duration': 150,
    },
  },
  {
    selector: 'node[kind = "category"]',
    style: {
      shape: 'round-rectangle',
      width: 'data(width)',
      height: 42,
      'text-valign': 'center',
      'text-margin-y': 0,
      color: '#ffffff',
      'font-size': 16,
      'font-weight': 700,
      'text-background-opacity': 0,
      'text-max-width': 240,
      'border-width': 0,
    },
  },
  {
    selector: 'node[kind = "concept"]',
    style: {
      shape: 'round-diamond',
      width: 16,
      height: 16,
      'background-color': CONCEPT_FILL,
      'border-color': CONCEPT_BORDER,
      'border-width': 1.5,
      'font-size': 12,
      color: '#3b4454',
    },
  },
  {
    selector: 'edge',
    style: {
      width: 1.4,
      'curve-style': 'bezier',
      'line-color': '#9aa3b2',
      'target-arrow-color': '#9aa3b2',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.9,
      label: 'data(relation)',
      'font-family': FONT,
      'font-size': 10,
      color: '#4a5468',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': 1,
      'min-zoomed-font-size': 7,
    },
  },
  {
    selector: 'edge[?membership]',
    style: {
      width: 1,
      'line-style': 'dashed',
      'line-dash-pattern': [4, 4],
      'line-color': 'data(colour)',
      'line-opacity': 0.5,
      'target-arrow-shape': 'none',
      label: '',
    },
  },
  { selector: '.dim', style: { opacity: 0.14 } },
  { selector: 'edge.near', style: { width: 2, 'line-color': '#5d6778', 'target-arrow-color': '#5d6778' } },
  {
    selector: 'node.hl-answer',
    style: { 'border-width': 4, 'border-color': ANSWER_COLOUR, 'z-index': 10 },
  },
  {
    selector: 'edge.hl-answer',
    style: {
      width: 3.5,
      'line-color': ANSWER_COLOUR,
      'target-arrow-color': ANSWER_COLOUR,
      'line-opacity': 1,
      'z-index-compare': 'manual',
      'z-index': 30,
    },
  },
  {
    selector: 'node.hl-path',
    style: { 'border-width': 4, 'border-color': PATH_COLOUR, 'z-index': 10 },
  },
  {
    selector: 'edge.hl-path',
    style: {
      width: 4,
      'line-color': PATH_COLOUR,
      'target-arrow-color': PATH_COLOUR,
      'line-style': 'solid',
      'line-opacity': 1,
      color: '#1d2330',
      'font-weight': 700,
      // Above the node labels, so their backgrounds never hide the arrows.
      'z-index-compare': 'manual',
      'z-index': 30,
    },
  },
  {
    selector: 'node.focus-root',
    style: { 'underlay-color': '#1d2330', 'underlay-opacity': 0.12, 'underlay-padding': 8 },
  },
  {
    selector: 'node.picked',
    style: {
      'border-width': 4,
      'border-color': SELECT_COLOUR,
      'underlay-color': SELECT_COLOUR,
      'underlay-opacity': 0.25,
      'underlay-padding': 6,
      'z-index': 20,
    },
  },
];

export class GraphView {
  /**
   * @param {HTMLElement} container
   * @param {import('./model.js').Model} model
   * @param {Map<string, string>} colours category id -> colour
   */
  constructor(container, model, colours, { onNodeTap, onBackgroundTap } = {}) {
    this.model = model;
    this.colours = colours;
    this.drawnKey = '';
    this.highlight = null;
    this.seed = 1;
    this.cy = cytoscape({
      container,
      style: STYLE,
      minZoom: 0.05,
      maxZoom: 4,
      // The open node is marked with a class, so a click never changes
      // what the graph shows as selected behind the view's back.
      autounselectify: true,
      boxSelectionEnabled: false,
    });
    this.cy.on('tap', 'node', (event) => onNodeTap?.(event.target.id()));
    this.cy.on('tap', (event) => {
      if (event.target === this.cy) onBackgroundTap?.();
    });
    container.addEventListener('keydown', (event) => this.keyboard(event));
  }

  colourOf(node) {
    if (node.kind === 'category') return this.colours.get(node.id) ?? UNCATEGORISED;
    if (node.kind === 'concept') return CONCEPT_FILL;
    return this.colours.get(node.categories[0]) ?? UNCATEGORISED;
  }

  /** Draws `sub` (from visibleSubgraph); lays out only when the set changed. */
  draw(sub) {
    const key = `${sub.nodes.length}:${sub.edges.length}:${sub.nodes.join('|')}:${sub.edges.map((e) => e.id).join('|')}`;
    if (key === this.drawnKey) return false;
    this.drawnKey = key;
    const elements = [];
    for (const id of sub.nodes) {
      const n = this.model.nodes.get(id);
      elements.push({
        group: 'nodes',
        data: {
          id,
          label: n.name,
          kind: n.kind,
          colour: this.colourOf(n),
          width: Math.max(70, Math.min(260, n.name.length * 9.4 + 32)),
        },
      });
    }
    for (const e of sub.edges) {
      elements.push({
        group: 'edges',
        data: {
          id: e.id,
          source: e.source,
          target: e.target,
          relation: e.relation,
          membership: e.membership,
          colour: this.colours.get(e.source) ?? UNCATEGORISED,
        },
      });
    }
    const large = sub.nodes.length > 250;
    this.cy.startBatch();
    this.cy.elements().remove();
    this.cy.add(elements);
    this.cy.endBatch();
    this.layout(large);
    return true;
  }

  /** Lays the drawing out; the same elements always get the same layout. */
  layout(large = this.cy.nodes().length > 250) {
    const layout = window.cytoscapeFcose
      ? {
          name: 'fcose',
          quality: large ? 'draft' : 'default',
          randomize: true,
          animate: false,
          nodeDimensionsIncludeLabels: true,
          idealEdgeLength: (edge) => (edge.data('membership') ? 35 : 45),
          nodeRepulsion: () => 2500,
          nodeSeparation: 60,
          gravity: 1.2,
          gravityRange: 2,
          packComponents: true,
          padding: 24,
        }
      : { name: 'cose', animate: false, padding: 24 };
    seeded(this.seed, () => this.cy.layout(layout).run());
    this.cy.fit(undefined, 24);
  }

  /** Another layout of the same drawing. */
  relayout() {
    this.seed += 1;
    this.layout();
  }

  /** Marks the nodes and edges of a path or an answer; null clears. */
  setHighlight(highlight) {
    this.highlight = highlight;
    this.restyle();
  }

  /** Selects `id` (or nothing) and optionally brings it into view. */
  select(id, { center = false } = {}) {
    this.cy.nodes('.picked').removeClass('picked');
    const node = id ? this.cy.getElementById(id) : null;
    if (node?.nonempty()) {
      node.addClass('picked');
      if (center) {
        this.cy.animate({ center: { eles: node }, zoom: Math.max(this.cy.zoom(), 1) }, { duration: 250 });
      }
    }
    this.restyle();
  }

  setFocusRoot(id) {
    this.cy.nodes('.focus-root').removeClass('focus-root');
    if (id) this.cy.getElementById(id).addClass('focus-root');
  }

  /** Dims what is not highlighted (or not next to the selected node). */
  restyle() {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass('dim near hl-path hl-answer');
      const h = this.highlight;
      if (h && (h.nodes.size || h.edges.size)) {
        const cls = `hl-${h.kind}`;
        const lit = cy.collection();
        for (const id of h.nodes) lit.merge(cy.getElementById(id));
        for (const [s, r, t] of h.edges) {
          lit.merge(cy.getElementById(edgeKey(s, r, t)));
          lit.merge(cy.getElementById(edgeKey(t, r, s)));
        }
        lit.addClass(cls);
        cy.elements().not(lit).not('.picked').addClass('dim');
        return;
      }
      const selected = cy.nodes('.picked');
      if (selected.nonempty()) {
        const near = selected.closedNeighborhood();
        near.edges().addClass('near');
        cy.elements().not(near).addClass('dim');
      }
    });
  }

  /** Fits the highlighted elements, or everything, never closer than 1.25x. */
  fit() {
    const cy = this.cy;
    const lit = cy.elements('.hl-path, .hl-answer');
    cy.stop(true); // a centring still under way would move the view after the fit
    const max = cy.maxZoom();
    cy.maxZoom(1.25);
    cy.fit(lit.nonempty() ? lit.union(lit.connectedNodes()) : cy.elements(), 48);
    cy.maxZoom(max);
  }

  /** Arrows pan, +/- zoom, 0 fits: the graph works without a mouse. */
  keyboard(event) {
    const cy = this.cy;
    const step = 60;
    const pan = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[event.key];
    const centre = { x: cy.width() / 2, y: cy.height() / 2 };
    if (pan) cy.panBy({ x: pan[0], y: pan[1] });
    else if (event.key === '+' || event.key === '=') cy.zoom({ level: cy.zoom() * 1.2, renderedPosition: centre });
    else if (event.key === '-') cy.zoom({ level: cy.zoom() / 1.2, renderedPosition: centre });
    else if (event.key === '0') this.fit();
    else return;
    event.preventDefault();
  }
}

/**
 * Runs `fn` with Math.random replaced by a seeded generator (Park-Miller),
 * so a layout (fcose starts from random positions) is the same on every
 * load and in every screenshot. The layout runs synchronously inside.
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
