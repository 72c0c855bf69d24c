// Category colours: dark enough for white text (WCAG AA) and for a
// 1.5px border on white; far enough apart to tell categories apart.

const BASE = [
  '#1f5fa8', // blue
  '#b3470d', // burnt orange
  '#2e7d32', // green
  '#8e2d8e', // purple
  '#b0182f', // red
  '#00727a', // teal
  '#6b4f1d', // brown
  '#4b4fb3', // indigo
  '#6f6a00', // olive
  '#a3336b', // magenta
];

/** Colour for each category id, stable for a given order of ids. */
export function categoryColours(categoryIds) {
  const colours = new Map();
  categoryIds.forEach((id, i) => {
    colours.set(id, i < BASE.length ? BASE[i] : generated(i));
  });
  return colours;
}

/** Beyond the base ten: spread hues by the golden angle, kept dark. */
function generated(i) {
  const hue = Math.round((i * 137.508) % 360);
  return `hsl(${hue}, 60%, 28%)`;
}

export const CONCEPT_FILL = '#eef1f5';
export const CONCEPT_BORDER = '#7b8696';
export const UNCATEGORISED = '#5b6576';
export const PATH_COLOUR = '#e8590c';
export const ANSWER_COLOUR = '#6741d9';
export const SELECT_COLOUR = '#f2b705';
/** An impact's distances, 1, 2 and 3 or more hops: darkest nearest. */
export const IMPACT_COLOURS = ['#a61e1e', '#d9480f', '#e8a200'];
export const IMPACT_ROOT = '#1d2330';
/** What the last reload added and removed. */
export const ADDED_COLOUR = '#2b8a3e';
export const REMOVED_COLOUR = '#c92a2a';
