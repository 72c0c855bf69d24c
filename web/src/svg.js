// The drawn graph as an SVG document, built from Cytoscape.js's computed
// positions and styles: vector output with the same shapes, colours,
// labels and highlights as the canvas, and nothing from outside the page.

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (n) => (Math.round(n * 10) / 10).toString();
const px = (v) => parseFloat(v) || 0;

/** An SVG document of everything drawn in `cy`. */
export function graphSvg(cy, { padding = 24, background = '#ffffff' } = {}) {
  const box = cy.elements().boundingBox({ includeLabels: true });
  const x0 = box.x1 - padding;
  const y0 = box.y1 - padding;
  const w = Math.max(1, box.w + 2 * padding);
  const h = Math.max(1, box.h + 2 * padding);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(w)}" height="${num(h)}" viewBox="${num(x0)} ${num(y0)} ${num(w)} ${num(h)}" font-family="${FONT}">`,
    `<rect x="${num(x0)}" y="${num(y0)}" width="${num(w)}" height="${num(h)}" fill="${background}"/>`,
  ];
  // Dimmed first, so highlighted elements end up on top, as on the canvas.
  const byZ = (a, b) => px(a.style('opacity')) - px(b.style('opacity'));
  for (const edge of cy.edges().sort(byZ)) out.push(edgeSvg(edge));
  for (const node of cy.nodes().sort(byZ)) out.push(nodeSvg(node));
  out.push('</svg>');
  return out.join('\n');
}

function edgeSvg(edge) {
  const s = edge.sourceEndpoint();
  const t = edge.targetEndpoint();
  const controls = edge.controlPoints?.() ?? null;
  const colour = edge.style('line-color');
  const width = px(edge.style('width'));
  const opacity = px(edge.style('opacity')) * px(edge.style('line-opacity') ?? 1);
  const dash = edge.style('line-style') === 'dashed' ? ' stroke-dasharray="4 4"' : '';
  const c = controls?.length === 1 ? controls[0] : null;
  const d = c ? `M${num(s.x)},${num(s.y)} Q${num(c.x)},${num(c.y)} ${num(t.x)},${num(t.y)}` : `M${num(s.x)},${num(s.y)} L${num(t.x)},${num(t.y)}`;
  const parts = [`<g opacity="${num(opacity)}">`, `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${num(width)}"${dash}/>`];
  if (edge.style('target-arrow-shape') !== 'none') {
    const from = c ?? s;
    const angle = Math.atan2(t.y - from.y, t.x - from.x);
    const size = 4 + width * 2.2;
    const p = (a, r) => `${num(t.x - Math.cos(angle + a) * r)},${num(t.y - Math.sin(angle + a) * r)}`;
    parts.push(`<polygon points="${num(t.x)},${num(t.y)} ${p(0.45, size * 1.3)} ${p(-0.45, size * 1.3)}" fill="${edge.style('target-arrow-color')}"/>`);
  }
  const label = edge.style('label');
  if (label) {
    const m = edge.midpoint();
    let deg = (Math.atan2(t.y - s.y, t.x - s.x) * 180) / Math.PI;
    if (deg > 90) deg -= 180;
    if (deg < -90) deg += 180;
    const size = px(edge.style('font-size'));
    parts.push(`<text x="${num(m.x)}" y="${num(m.y)}" transform="rotate(${num(deg)} ${num(m.x)} ${num(m.y)})" font-size="${num(size)}" font-weight="${edge.style('font-weight')}" fill="${edge.style('color')}" text-anchor="middle" dominant-baseline="central" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(label)}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

function nodeSvg(node) {
  const { x, y } = node.position();
  const w = node.width();
  const h = node.height();
  const kind = node.data('kind');
  const fill = node.style('background-color');
  const border = px(node.style('border-width'));
  const stroke = border > 0 ? ` stroke="${node.style('border-color')}" stroke-width="${num(border)}"` : '';
  let shape;
  if (kind === 'category') {
    shape = `<rect x="${num(x - w / 2)}" y="${num(y - h / 2)}" width="${num(w)}" height="${num(h)}" rx="8" fill="${fill}"${stroke}/>`;
  } else if (kind === 'concept') {
    shape = `<polygon points="${num(x)},${num(y - h / 2)} ${num(x + w / 2)},${num(y)} ${num(x)},${num(y + h / 2)} ${num(x - w / 2)},${num(y)}" fill="${fill}"${stroke} stroke-linejoin="round"/>`;
  } else {
    shape = `<circle cx="${num(x)}" cy="${num(y)}" r="${num(w / 2)}" fill="${fill}"${stroke}/>`;
  }
  const size = px(node.style('font-size'));
  const inside = node.style('text-valign') === 'center';
  const lines = wrap(node.style('label') ?? '', px(node.style('text-max-width')), size);
  const top = inside ? y - ((lines.length - 1) * size * 1.2) / 2 : y + h / 2 + border + 4 + size * 0.9;
  const tspans = lines.map((line, i) => `<tspan x="${num(x)}" y="${num(top + i * size * 1.2)}">${esc(line)}</tspan>`).join('');
  const halo = inside ? '' : ' stroke="#ffffff" stroke-width="3" paint-order="stroke"';
  // A category's name sits on a pill of its colour, as on the canvas.
  const pad = px(node.style('text-background-padding'));
  const pillW = Math.max(0, ...lines.map((l) => l.length)) * size * 0.6 + 2 * pad;
  const pillH = lines.length * size * 1.2 + 2 * pad;
  const pill = inside && lines.length && px(node.style('text-background-opacity')) > 0
    ? `<rect x="${num(x - pillW / 2)}" y="${num(y - pillH / 2)}" width="${num(pillW)}" height="${num(pillH)}" rx="${num(pad)}" fill="${node.style('text-background-color')}"/>`
    : '';
  const text = `<text font-size="${num(size)}" font-weight="${node.style('font-weight')}" fill="${node.style('color')}" text-anchor="middle"${inside ? ' dominant-baseline="central"' : ''}${halo}>${tspans}</text>`;
  return `<g opacity="${num(px(node.style('opacity')))}">${shape}${pill}${text}</g>`;
}

/** Greedy word wrap at about `maxWidth` pixels. */
function wrap(text, maxWidth, size) {
  const perLine = Math.max(4, Math.floor(maxWidth / (size * 0.56)));
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
