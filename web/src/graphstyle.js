// The drawing's stylesheet. Text is sized in screen pixels: every size of
// a label is divided by the zoom, so a label reads the same at every zoom
// (labels.js decides which are drawn). Categories are coloured boxes with
// their name on a pill of the same colour, services circles in their
// category's colour, concepts small grey diamonds; relation edges are
// arrows, memberships thin dashed lines in the category's colour.

import { LABEL_PX, WRAP_PX } from './labels.js';
import {
  ADDED_COLOUR, ANSWER_COLOUR, CONCEPT_BORDER, CONCEPT_FILL, IMPACT_COLOURS, IMPACT_ROOT, PATH_COLOUR, REMOVED_COLOUR,
  SELECT_COLOUR,
} from './palette.js';

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
/** Line height of a label, as a multiple of its font size. */
export const LINE_HEIGHT = 1.15;

/** Shape sizes in model units (a category's width is its data's `width`). */
export const SHAPE = { service: 24, concept: 16, categoryHeight: 42 };

/** The size of node `n`'s shape in model units, border included, without asking Cytoscape.js. */
export function shapeSize(n) {
  const kind = n.data('kind');
  if (kind === 'category') return { w: n.data('width'), h: SHAPE.categoryHeight };
  const side = (kind === 'concept' ? SHAPE.concept + 3 : SHAPE.service + 4);
  return { w: side, h: side };
}

/**
 * The stylesheet at `zoom`; `categoryWrap` is the width (screen pixels) a
 * category's name wraps at.
 */
export function stylesheet(zoom, categoryWrap = 2 * WRAP_PX) {
  const s = 1 / zoom; // screen pixels -> model units
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-family': FONT,
        'font-size': LABEL_PX.service * s,
        'line-height': LINE_HEIGHT,
        color: '#1d2330',
        'text-valign': 'bottom',
        'text-margin-y': 2 * s,
        'text-wrap': 'wrap',
        'text-max-width': WRAP_PX * s,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.88,
        'text-background-padding': 2 * s,
        'text-background-shape': 'roundrectangle',
        'background-color': 'data(colour)',
        'border-width': 2,
        'border-color': '#ffffff',
        width: SHAPE.service,
        height: SHAPE.service,
        'transition-property': 'opacity',
        'transition-duration': 150,
      },
    },
    {
      selector: 'node[kind = "category"]',
      style: {
        shape: 'round-rectangle',
        width: 'data(width)',
        height: SHAPE.categoryHeight,
        'text-valign': 'center',
        'text-margin-y': 0,
        color: '#ffffff',
        'font-size': LABEL_PX.category * s,
        'font-weight': 700,
        'text-background-color': 'data(colour)',
        'text-background-opacity': 1,
        'text-background-padding': 4 * s,
        'text-max-width': categoryWrap * s,
        'border-width': 0,
      },
    },
    {
      selector: 'node[kind = "concept"]',
      style: {
        shape: 'round-diamond',
        width: SHAPE.concept,
        height: SHAPE.concept,
        'background-color': CONCEPT_FILL,
        'border-color': CONCEPT_BORDER,
        'border-width': 1.5,
        'font-size': LABEL_PX.concept * s,
        color: '#3b4454',
      },
    },
    { selector: 'node.quiet', style: { label: '' } },
    {
      selector: 'edge',
      style: {
        width: 1.4,
        'curve-style': 'bezier',
        'line-color': '#9aa3b2',
        'target-arrow-color': '#9aa3b2',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        label: '',
        'font-family': FONT,
        'font-size': LABEL_PX.edge * s,
        color: '#3d4658',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.92,
        'text-background-padding': 1 * s,
      },
    },
    { selector: 'edge.spoken', style: { label: 'data(relation)' } },
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
    ...IMPACT_COLOURS.map((colour, i) => ({
      selector: `node.impact-${i + 1}`,
      style: { 'border-width': 5, 'border-color': colour, 'z-index': 10 },
    })),
    {
      selector: 'node.impact-root',
      style: {
        'border-width': 5, 'border-color': IMPACT_ROOT, 'underlay-color': IMPACT_ROOT, 'underlay-opacity': 0.18, 'underlay-padding': 7, 'z-index': 12,
      },
    },
    {
      selector: 'edge.hl-impact',
      style: {
        width: 3,
        'line-color': IMPACT_COLOURS[0],
        'target-arrow-color': IMPACT_COLOURS[0],
        'line-style': 'solid',
        'line-opacity': 1,
        'z-index-compare': 'manual',
        'z-index': 30,
      },
    },
    // What the last reload changed, until the reader dismisses it.
    {
      selector: 'node.change-added',
      style: { 'border-width': 5, 'border-color': ADDED_COLOUR, 'underlay-color': ADDED_COLOUR, 'underlay-opacity': 0.25, 'underlay-padding': 6 },
    },
    {
      selector: 'node.change-removed',
      style: {
        'border-width': 5, 'border-color': REMOVED_COLOUR, 'border-style': 'dashed', 'underlay-color': REMOVED_COLOUR, 'underlay-opacity': 0.25, 'underlay-padding': 6,
      },
    },
    {
      selector: 'edge.change-added',
      style: { width: 3.5, 'line-color': ADDED_COLOUR, 'target-arrow-color': ADDED_COLOUR, 'line-opacity': 1, 'z-index-compare': 'manual', 'z-index': 25 },
    },
    {
      selector: 'edge.change-removed',
      style: {
        width: 3.5, 'line-color': REMOVED_COLOUR, 'target-arrow-color': REMOVED_COLOUR, 'line-style': 'dashed', 'line-opacity': 1, 'z-index-compare': 'manual', 'z-index': 25,
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
}
