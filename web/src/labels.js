// Which labels are drawn: a greedy placement in screen pixels. Every
// candidate label has a box and a priority; the highest-priority labels
// are placed first and a label whose box would overlap a placed one is
// left out (it shows when the user zooms in, hovers or selects). Pure
// functions, so the rules are tested without a browser.

/** Label sizes in screen pixels, whatever the zoom. */
export const LABEL_PX = { category: 14, service: 12, concept: 11, edge: 11 };
/** Node labels wrap at this width (screen pixels). */
export const WRAP_PX = 150;
/** Screen pixels of air around a label. */
export const LABEL_PAD = 3;

/** Priorities: a larger number is placed first. */
export const PRIORITY = {
  // Always drawn (forced), before everything else.
  picked: 1100, hovered: 1090, lit: 1080, near: 1070,
  // Drawn where there is room: a category's name may cover a shape (1000).
  landmark: 1001, category: 50, service: 40, concept: 20, edge: 10,
};

/** Priorities at or above this are always drawn. */
export const FORCED = PRIORITY.near;

/**
 * Greedy word wrap as the canvas draws it: lines of at most `max` pixels
 * (a single word wider than that keeps its own line).
 * @param {(text: string) => number} measure width of a text in pixels
 */
export function wrapLines(text, max, measure) {
  const words = String(text).split(/\s+/).filter(Boolean);
  const lines = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** True when boxes {x1, y1, x2, y2} overlap by more than `slack` pixels each way. */
export function overlaps(a, b, slack = 0) {
  return a.x1 + slack < b.x2 && b.x1 + slack < a.x2 && a.y1 + slack < b.y2 && b.y1 + slack < a.y2;
}

/** The area two boxes share. */
export function sharedArea(a, b) {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Places `candidates` ({id, box, priority, force?, owner?}) best first; a
 * forced label is always placed, and boxes of the same owner (a node's
 * shape and its label) never clash. Returns the ids placed. A uniform
 * grid keeps it near linear in the number of labels.
 */
export function placeLabels(candidates, cell = 64) {
  const order = [...candidates].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const grid = new Map();
  const placed = new Set();
  const cells = (box) => {
    const out = [];
    for (let gx = Math.floor(box.x1 / cell); gx <= Math.floor(box.x2 / cell); gx++) {
      for (let gy = Math.floor(box.y1 / cell); gy <= Math.floor(box.y2 / cell); gy++) out.push(`${gx},${gy}`);
    }
    return out;
  };
  for (const c of order) {
    const keys = cells(c.box);
    const clash = !c.force && keys.some((k) => (grid.get(k) ?? [])
      .some((other) => (c.owner === undefined || other.owner !== c.owner) && overlaps(c.box, other.box)));
    if (clash) continue;
    placed.add(c.id);
    for (const k of keys) {
      if (!grid.has(k)) grid.set(k, []);
      grid.get(k).push(c);
    }
  }
  return placed;
}

/**
 * The box of a node's label in screen pixels. `at` is the node's rendered
 * centre, `half` half its rendered height; `inside` labels are centred on
 * the node, the others hang below it; `pad` is the air around the text.
 */
export function nodeLabelBox({ at, half, inside, lines, lineHeight, width, pad = LABEL_PAD }) {
  const height = lines * lineHeight + 2 * pad;
  const w = width + 2 * pad;
  const top = inside ? at.y - height / 2 : at.y + half + 2;
  return { x1: at.x - w / 2, x2: at.x + w / 2, y1: top, y2: top + height };
}

/**
 * The box of an edge's label at the middle of the segment from `a` to
 * `b` (rotated with it), or null when the label is longer than the part
 * of the edge outside its nodes (`gap` screen pixels at the two ends).
 */
export function edgeLabelBox(a, b, textWidth, height, gap) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy);
  if (length - gap < textWidth + 8) return null;
  const angle = Math.atan2(dy, dx);
  const cos = Math.abs(Math.cos(angle));
  const sin = Math.abs(Math.sin(angle));
  const w = textWidth * cos + height * sin;
  const h = textWidth * sin + height * cos;
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  return { x1: mx - w / 2, x2: mx + w / 2, y1: my - h / 2, y2: my + h / 2 };
}
