// The drawing: Cytoscape.js on a canvas (styles in graphstyle.js). Labels
// keep their size in screen pixels and are placed by labels.js: at the
// whole-map zoom the categories and services, more as the user zooms in,
// always the hovered or selected node and its neighbours. The wheel zooms
// by a fixed factor per notch, so 2x is three notches away. The layout
// runs in a worker (layoutworker.js), so the tab never freezes under it.

import { FONT, LINE_HEIGHT, shapeSize, stylesheet } from './graphstyle.js';
import {
  edgeLabelBox, FORCED, LABEL_PAD, LABEL_PX, nodeLabelBox, placeLabels, PRIORITY, WRAP_PX, wrapLines,
} from './labels.js';
import { FIT_MAX_ZOOM, layoutOptions, SPREAD_MIN_ZOOM } from './layout.js';
import { edgeKey, MEMBERSHIP_LABEL, membershipKey } from './model.js';
import { CONCEPT_FILL, UNCATEGORISED } from './palette.js';

// Cytoscape.js is a classic script loaded before this module (the layout
// worker loads the same file).
const { cytoscape } = window;

/** Zoom per wheel notch (a notch is 100 pixels of deltaY). */
const NOTCH = 1.3;
/** The classes of a highlight's kinds (`path`, `answer`, `impact`). */
const HIGHLIGHTS = 'hl-path hl-answer hl-impact';
/** The classes of an impact's root and distances (impact.js). */
const IMPACT_CLASSES = 'impact-root impact-1 impact-2 impact-3';
/** Up to this many neighbours of the selected or hovered node are always named; more where they fit. */
const NAMED_NEIGHBOURS = 40;

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
    this.hovered = null;
    this.seed = 1;
    this.layoutToken = 0;
    this.pending = new Map(); // layout token -> resolve with its answer
    this.settled = Promise.resolve();
    this.centreOnSettle = null;
    this.styledZoom = 1;
    this.styledWrap = 2 * WRAP_PX;
    this.frame = 0;
    /** The last layouts: {nodes, worker ms, main-thread ms}, newest last. */
    this.layoutTimes = [];
    this.measure = textMeasurer();
    this.cy = cytoscape({
      container,
      style: stylesheet(1),
      minZoom: 0.05,
      maxZoom: 4,
      // The open node is marked with a class, so a click never changes
      // what the graph shows as selected behind the view's back.
      autounselectify: true,
      boxSelectionEnabled: false,
      // The wheel is handled below; pinch zoom stays Cytoscape's.
      userZoomingEnabled: true,
    });
    this.cy.on('tap', 'node', (event) => onNodeTap?.(event.target.id()));
    this.cy.on('tap', (event) => {
      if (event.target === this.cy) onBackgroundTap?.();
    });
    this.cy.on('mouseover', 'node', (event) => this.hover(event.target.id()));
    this.cy.on('mouseout', 'node', () => this.hover(null));
    this.cy.on('viewport resize', () => this.schedule());
    container.addEventListener('keydown', (event) => this.keyboard(event));
    // The panel, the drawer and the screen change the map's size, not
    // only the window: Cytoscape.js is told every time.
    new ResizeObserver(() => {
      this.cy.resize();
      this.schedule();
    }).observe(container);
    // On the parent, capturing: before Cytoscape's own wheel handler, whose
    // first notches barely zoom while it guesses the device.
    container.parentElement.addEventListener('wheel', (event) => {
      if (container.contains(event.target)) this.wheel(event);
    }, { capture: true, passive: false });
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
      // The overview names each category with its number of services.
      const label = this.model.partial && n.count !== undefined ? `${n.name} (${n.count.toLocaleString('en')})` : n.name;
      elements.push({
        group: 'nodes',
        data: {
          id,
          label,
          kind: n.kind,
          colour: this.colourOf(n),
          width: Math.max(70, Math.min(260, label.length * 9.4 + 32)),
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
    this.cy.startBatch();
    this.cy.elements().remove();
    this.cy.add(elements);
    this.cy.endBatch();
    this.layout();
    return true;
  }

  /**
   * Lays the drawing out in the worker; the same elements always get the
   * same layout. Each node is sized with its label, and the worker then
   * fits the layout to this screen: stretched to its shape, spread until
   * no two labels overlap at the zoom that shows the map whole (labels
   * keep their size in screen pixels, so that zoom decides the room they
   * need). Resolves when the positions are in; a layout overtaken by a
   * newer one is dropped.
   */
  layout() {
    const run = async () => {
      const cy = this.cy;
      const token = ++this.layoutToken;
      // Hidden until the positions are in (styles.css), at no cost to the drawing.
      cy.container().dataset.layout = 'busy';
      const measuring = performance.now();
      if (this.styledWrap !== this.categoryWrap()) {
        this.styledZoom = 0; // the screen changed the category wrap
        this.restyle(cy.zoom());
      }
      const nodes = cy.nodes().map((n) => ({ id: n.id(), ...this.layoutSize(n) }));
      this.labelSizes = new Map(nodes.map((n) => [n.id, n.label]));
      const edges = cy.edges().map((e) => ({
        id: e.id(), source: e.data('source'), target: e.data('target'), membership: e.data('membership'),
      }));
      const screen = { w: cy.width(), h: cy.height(), maxZoom: FIT_MAX_ZOOM, minZoom: SPREAD_MIN_ZOOM, ...this.fitPadding() };
      const measured = performance.now() - measuring;
      const answer = await this.ask({ token, nodes, edges, screen, seed: this.seed, options: layoutOptions(nodes.length) });
      if (token !== this.layoutToken) return;
      const applying = performance.now();
      cy.batch(() => cy.nodes().positions((n) => {
        const p = answer.positions[n.id()];
        return p ? { x: p[0], y: p[1] } : n.position();
      }));
      this.fit();
      if (this.centreOnSettle) this.select(this.centreOnSettle, { center: true });
      this.centreOnSettle = null;
      const main = measured + answer.sent + performance.now() - applying;
      this.layoutTimes.push({ nodes: nodes.length, worker: Math.round(answer.ms), main: Math.round(main) });
      if (this.layoutTimes.length > 20) this.layoutTimes.shift();
      cy.container().dataset.layout = 'done';
    };
    this.settled = run();
    return this.settled;
  }

  /**
   * Sends one layout to the worker; resolves with its answer and the
   * main-thread milliseconds the sending took.
   */
  ask(message) {
    const started = performance.now();
    this.worker ??= this.startWorker();
    const answer = new Promise((resolve) => this.pending.set(message.token, resolve));
    this.worker.postMessage(message);
    const sent = performance.now() - started;
    return answer.then((data) => ({ ...data, sent }));
  }

  startWorker() {
    const worker = new Worker(new URL('./layoutworker.js', import.meta.url));
    worker.onmessage = ({ data }) => {
      const waiting = this.pending.get(data.token);
      this.pending.delete(data.token);
      waiting?.(data);
    };
    return worker;
  }

  /**
   * A node for the layout: `w`, `h` its shape and its label at zoom 1;
   * `w0`, `h0` its shape (model units); `label` its label's size in
   * screen pixels (concepts are named on demand, so none).
   */
  layoutSize(n) {
    const kind = n.data('kind');
    const { w: w0, h: h0 } = shapeSize(n);
    if (kind === 'concept') return { w: w0, h: h0, w0, h0, label: null };
    const px = LABEL_PX[kind] ?? LABEL_PX.service;
    const inside = kind === 'category';
    const font = `${inside ? 700 : 400} ${px}px ${FONT}`;
    const lines = wrapLines(n.data('label'), inside ? this.categoryWrap() : WRAP_PX, (t) => this.measure(t, font));
    const pad = inside ? 4 + LABEL_PAD : LABEL_PAD;
    const label = {
      w: Math.max(...lines.map((l) => this.measure(l, font))) + 2 * pad,
      h: lines.length * px * LINE_HEIGHT + 2 * pad,
      inside,
    };
    if (inside) return { w: Math.max(w0, label.w), h: Math.max(h0, label.h), w0, h0, label };
    return { w: Math.max(w0, label.w), h: h0 + 2 + label.h, w0, h0, label };
  }

  /** A category's name wraps at this width: on a narrow screen, a service's. */
  categoryWrap() {
    return this.cy.width() < 600 ? WRAP_PX : 2 * WRAP_PX;
  }

  /** Room for the labels at the edges of a fit, less of it on a small screen. */
  fitPadding() {
    return {
      padX: Math.min(WRAP_PX / 2 + 8, this.cy.width() * 0.1),
      padTop: 16,
      padBottom: 2 * LABEL_PX.service * LINE_HEIGHT + 12,
    };
  }

  /** Another layout of the same drawing. */
  relayout() {
    this.seed += 1;
    return this.layout();
  }

  /** Marks the nodes and edges of a path, an answer or an impact; null clears. */
  setHighlight(highlight) {
    this.highlight = highlight;
    this.mark();
  }

  /**
   * Marks what the last reload added (green) and removed (red):
   * `changes` holds {added, removed}, Sets of node and edge ids; null clears.
   */
  setChanges(changes) {
    this.changes = changes;
    const cy = this.cy;
    cy.batch(() => {
      cy.elements('.change-added, .change-removed').removeClass('change-added change-removed');
      for (const id of changes?.added ?? []) cy.getElementById(id).addClass('change-added');
      for (const id of changes?.removed ?? []) cy.getElementById(id).addClass('change-removed');
    });
    this.schedule();
  }

  /** Selects `id` (or nothing) and optionally brings it into view. */
  select(id, { center = false } = {}) {
    const before = this.cy.nodes('.picked');
    const node = id ? this.cy.getElementById(id) : null;
    if (before.length === 1 && before[0] === node?.[0] && !center) return;
    before.removeClass('picked');
    if (node?.nonempty()) {
      node.addClass('picked');
      if (center && this.cy.container().dataset.layout === 'busy') this.centreOnSettle = id;
      else if (center) {
        this.cy.animate({ center: { eles: node }, zoom: Math.max(this.cy.zoom(), 1) }, { duration: 250 });
      }
    }
    this.mark();
  }

  setFocusRoot(id) {
    this.cy.nodes('.focus-root').removeClass('focus-root');
    if (id) this.cy.getElementById(id).addClass('focus-root');
  }

  hover(id) {
    this.hovered = id;
    this.schedule();
  }

  /** Dims what is not highlighted (or not next to the selected node). */
  mark() {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass(`dim near ${HIGHLIGHTS} ${IMPACT_CLASSES}`);
      const h = this.highlight;
      if (h && (h.nodes.size || h.edges.size)) {
        const cls = `hl-${h.kind}`;
        // An impact colours each node by its distance.
        for (const [id, c] of h.classes ?? []) cy.getElementById(id).addClass(c);
        const lit = cy.collection();
        for (const id of h.nodes) lit.merge(cy.getElementById(id));
        for (const [s, r, t] of h.edges) {
          for (const id of [edgeKey(s, r, t), edgeKey(t, r, s)]) lit.merge(cy.getElementById(id));
          if (r === MEMBERSHIP_LABEL) {
            for (const id of [membershipKey(s, t), membershipKey(t, s)]) lit.merge(cy.getElementById(id));
          }
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
    this.schedule();
  }

  /** Re-sizes and re-places the labels on the next frame. */
  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.restyle(this.cy.zoom());
      this.placeLabels();
    });
  }

  /** The stylesheet for `zoom`, when it moved by more than 2%. */
  restyle(zoom) {
    if (Math.abs(zoom - this.styledZoom) / zoom < 0.02) return;
    this.styledZoom = zoom;
    this.styledWrap = this.categoryWrap();
    this.cy.style().fromJson(stylesheet(zoom, this.styledWrap)).update();
  }

  /** Chooses the labels drawn now (see labels.js). */
  placeLabels() {
    const cy = this.cy;
    const z = cy.zoom();
    const width = cy.width();
    const height = cy.height();
    const onScreen = (p) => p.x > -200 && p.y > -200 && p.x < width + 200 && p.y < height + 200;
    const lit = new Set(this.highlight ? [...this.highlight.nodes] : []);
    const picked = cy.nodes('.picked');
    const hovered = this.hovered ? cy.getElementById(this.hovered) : cy.collection();
    const near = new Set([...picked.neighborhood('node'), ...hovered.neighborhood('node')].map((n) => n.id()));
    const nearEdges = new Set([...picked.connectedEdges(), ...hovered.connectedEdges()].map((e) => e.id()));
    const candidates = [];
    const boxes = new Map();
    cy.nodes().forEach((n) => {
      const at = n.renderedPosition();
      if (!onScreen(at)) return;
      const kind = n.data('kind');
      const id = n.id();
      const px = LABEL_PX[kind] ?? LABEL_PX.service;
      const inside = kind === 'category';
      const font = `${inside ? 700 : 400} ${px}px ${FONT}`;
      const lines = wrapLines(n.data('label'), inside ? this.categoryWrap() : WRAP_PX, (t) => this.measure(t, font));
      const box = nodeLabelBox({
        at, half: (shapeSize(n).h * z) / 2, inside, lines: lines.length, lineHeight: px * LINE_HEIGHT,
        // A category's name sits on a pill with 4 px of padding (graphstyle.js).
        width: Math.max(...lines.map((l) => this.measure(l, font))), pad: inside ? 4 + LABEL_PAD : LABEL_PAD,
      });
      boxes.set(id, box);
      let priority = PRIORITY[kind] ?? PRIORITY.service;
      if (lit.has(id) || n.hasClass('change-added') || n.hasClass('change-removed')) priority = PRIORITY.lit;
      if (near.has(id)) priority = PRIORITY.near;
      if (id === this.hovered) priority = PRIORITY.hovered;
      if (n.hasClass('picked')) priority = PRIORITY.picked;
      // A category's name is the map's landmark: it may cover a shape.
      if (kind === 'category' && priority === PRIORITY.category) priority = PRIORITY.landmark;
      // Dimmed nodes keep their shapes and lose their names.
      if (n.hasClass('dim') && priority < FORCED) return;
      candidates.push({ id, owner: id, box, priority: priority + Math.min(9, n.degree() / 4), force: priority >= FORCED && (priority !== PRIORITY.near || near.size <= NAMED_NEIGHBOURS) });
    });
    cy.edges().forEach((e) => {
      if (e.data('membership')) return;
      const a = e.source().renderedPosition();
      const b = e.target().renderedPosition();
      if (!onScreen(a) && !onScreen(b)) return;
      const font = `400 ${LABEL_PX.edge}px ${FONT}`;
      const gap = ((shapeSize(e.source()).w + shapeSize(e.target()).w) * z) / 2 + 8;
      const box = edgeLabelBox(a, b, this.measure(e.data('relation'), font) + 2 * LABEL_PAD, LABEL_PX.edge * 1.3 + 2 * LABEL_PAD, gap);
      // The relations of a path, an answer, an impact or a change are always named; those of
      // the selected or hovered node where they fit.
      const lit = e.hasClass('hl-path') || e.hasClass('hl-answer') || e.hasClass('hl-impact')
        || e.hasClass('change-added') || e.hasClass('change-removed');
      const near = nearEdges.has(e.id());
      if (!box || (e.hasClass('dim') && !near && !lit)) return;
      candidates.push({
        id: `\u0000${e.id()}`, box, force: lit, priority: lit ? PRIORITY.lit : near ? PRIORITY.landmark - 1 : PRIORITY.edge,
      });
    });
    // No label covers a category's or service's shape; a concept's small
    // diamond may sit under a category's or service's label, not under
    // another concept's or an edge's. Sizes come from the stylesheet's
    // numbers: asking Cytoscape.js would recompute every style first.
    for (const n of cy.nodes()) {
      const at = n.renderedPosition();
      const { w: sw, h: sh } = shapeSize(n);
      const bb = { x1: at.x - (sw * z) / 2, x2: at.x + (sw * z) / 2, y1: at.y - (sh * z) / 2, y2: at.y + (sh * z) / 2 };
      const priority = n.data('kind') === 'concept' ? PRIORITY.concept + 5 : 1000;
      candidates.push({ id: `\u0001${n.id()}`, owner: n.id(), box: { x1: bb.x1, x2: bb.x2, y1: bb.y1, y2: bb.y2 }, priority, force: true });
    }
    const placed = placeLabels(candidates);
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const show = placed.has(n.id());
        if (show === n.hasClass('quiet')) n.toggleClass('quiet', !show);
      });
      cy.edges().forEach((e) => {
        const show = placed.has(`\u0000${e.id()}`);
        if (show !== e.hasClass('spoken')) e.toggleClass('spoken', show);
      });
    });
    this.labelsAt = { zoom: z, placed: placed.size };
  }

  /**
   * Fits the highlighted elements, or everything, never closer than 1.25x:
   * the nodes' shapes and their labels, which keep their size in screen
   * pixels, so the zoom is found in a few rounds.
   */
  fit() {
    const cy = this.cy;
    const lit = cy.elements(HIGHLIGHTS.split(' ').map((c) => `.${c}`).join(', '));
    cy.stop(true); // a centring still under way would move the view after the fit
    const nodes = (lit.nonempty() ? lit.union(lit.connectedNodes()) : cy.elements()).nodes();
    if (nodes.empty()) return;
    const bb = shapesBox(nodes);
    const [W, H, margin] = [cy.width(), cy.height(), 8];
    const bw = Math.max(bb.w, 1);
    const bh = Math.max(bb.h, 1);
    let zoom = Math.min(FIT_MAX_ZOOM, (W - 2 * margin) / bw, (H - 2 * margin) / bh);
    let over = { l: 0, r: 0, t: 0, b: 0 };
    for (let round = 0; round < 4; round++) {
      over = this.labelOverhang(nodes, bb, zoom);
      const next = Math.min(FIT_MAX_ZOOM,
        Math.max(1, W - 2 * margin - over.l - over.r) / bw,
        Math.max(1, H - 2 * margin - over.t - over.b) / bh);
      if (Math.abs(next - zoom) < 0.002) break;
      zoom = next;
    }
    zoom = Math.max(cy.minZoom(), zoom);
    const [w, h] = [W - 2 * margin - over.l - over.r, H - 2 * margin - over.t - over.b];
    cy.viewport({
      zoom,
      pan: {
        x: margin + over.l + (w - bb.w * zoom) / 2 - bb.x1 * zoom,
        y: margin + over.t + (h - bb.h * zoom) / 2 - bb.y1 * zoom,
      },
    });
    this.schedule();
  }

  /** How far (screen pixels) the labels reach past the shapes' box `bb` at `zoom`. */
  labelOverhang(nodes, bb, zoom) {
    const over = { l: 0, r: 0, t: 0, b: 0 };
    nodes.forEach((n) => {
      const label = this.labelSizes?.get(n.id());
      if (!label) return;
      const p = n.position();
      const half = (shapeSize(n).h * zoom) / 2;
      over.l = Math.max(over.l, label.w / 2 - (p.x - bb.x1) * zoom);
      over.r = Math.max(over.r, label.w / 2 - (bb.x2 - p.x) * zoom);
      if (label.inside) {
        over.t = Math.max(over.t, label.h / 2 - (p.y - bb.y1) * zoom);
        over.b = Math.max(over.b, label.h / 2 - (bb.y2 - p.y) * zoom);
      } else {
        over.b = Math.max(over.b, half + 2 + label.h - (bb.y2 - p.y) * zoom);
      }
    });
    return over;
  }

  /** Zooms by `factor` about the rendered point `at` (the centre by default). */
  zoomBy(factor, at = { x: this.cy.width() / 2, y: this.cy.height() / 2 }) {
    const cy = this.cy;
    const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
    cy.zoom({ level, renderedPosition: at });
  }

  wheel(event) {
    event.preventDefault();
    event.stopPropagation();
    const lines = event.deltaMode === 1 ? 33 : event.deltaMode === 2 ? 400 : 1;
    const notches = Math.max(-3, Math.min(3, (-event.deltaY * lines) / 100));
    const rect = this.cy.container().getBoundingClientRect();
    this.zoomBy(NOTCH ** notches, { x: event.clientX - rect.left, y: event.clientY - rect.top });
  }

  /** Arrows pan, +/- zoom, 0 fits: the graph works without a mouse. */
  keyboard(event) {
    const cy = this.cy;
    const step = 60;
    const pan = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[event.key];
    if (pan) cy.panBy({ x: pan[0], y: pan[1] });
    else if (event.key === '+' || event.key === '=') this.zoomBy(NOTCH);
    else if (event.key === '-') this.zoomBy(1 / NOTCH);
    else if (event.key === '0') this.fit();
    else return;
    event.preventDefault();
  }
}

/**
 * The box of the nodes' shapes in model units, from their positions and
 * the stylesheet's sizes: Cytoscape.js's own bounding box would first
 * compute every element's style.
 */
function shapesBox(nodes) {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  nodes.forEach((n) => {
    const p = n.position();
    const { w, h } = shapeSize(n);
    x1 = Math.min(x1, p.x - w / 2);
    x2 = Math.max(x2, p.x + w / 2);
    y1 = Math.min(y1, p.y - h / 2);
    y2 = Math.max(y2, p.y + h / 2);
  });
  return { x1, y1, x2, y2, w: x2 - x1, h: y2 - y1 };
}

/** Text widths in pixels on a canvas, remembered. */
function textMeasurer() {
  const context = document.createElement('canvas').getContext('2d');
  const cache = new Map();
  return (text, font) => {
    const key = `${font}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      context.font = font;
      width = context.measureText(text).width;
      if (cache.size > 20000) cache.clear();
      cache.set(key, width);
    }
    return width;
  };
}
