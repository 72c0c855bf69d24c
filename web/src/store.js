// The page's one store: the view (what the URL holds), the highlight of
// the last action, and whether the user pinned it. Features read it with
// get() and react to changes with subscribe(); only set() changes it.

/**
 * @template S
 * @param {S} initial
 */
export function createStore(initial) {
  let state = initial;
  const listeners = new Set();
  return {
    /** @returns {S} */
    get: () => state,
    /** Merges `patch` (or `patch(state)`) into the state and tells every listener. */
    set(patch) {
      const previous = state;
      state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
      for (const fn of listeners) fn(state, previous);
    },
    /** `fn(state, previous)` after every change; returns the unsubscribe. */
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/** The view fields of the actions: a new action clears the last one's. */
export const ACTIONS = { node: null, path: null, ask: null, query: null, impact: null };

/**
 * The patch that starts a new action (a search, a path, a question, a
 * query, an impact, a neighbourhood): the last action's highlight and open node go, unless the
 * user pinned them. `view` holds the new action's own view fields.
 */
export function startAction(state, view = {}) {
  if (state.pinned) return { view: { ...state.view, ...view } };
  return { view: { ...state.view, ...ACTIONS, ...view }, highlight: null };
}
