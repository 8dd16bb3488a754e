// A table of server pages (images, applications): asks for one page at a time, ignores answers
// that a newer request has overtaken, falls back to the last page when the one shown has emptied,
// and keeps the rows on screen, dimmed, while the next page loads.

import {errorPanel} from './ui.js';
import {count} from './format.js';

/**
 * table: from ui.dataTable; paging: from pager(); problem: where a failed load says why.
 * fetchPage(state, signal) → {items, total, …}; showItems(items, total, state, page) draws the rows
 * (page is fetchPage's whole answer, for what the rows need besides the items);
 * remember(state) puts the state in the address. Returns load(state, {focusAfter}).
 */
export function pagedTable({table, paging, problem, noun, signal, fetchPage, showItems, remember}) {
  let request = 0;
  let loadedOnce = false;

  async function load(state, {focusAfter} = {}) {
    remember(state);
    const ticket = ++request;
    table.setBusy(true);
    try {
      const page = await fetchPage(state, signal);
      const {items, total} = page;
      if (ticket !== request) {
        return;
      }
      // Deleting the last row of the last page leaves an empty page: show the one before it.
      if (!items.length && total > 0 && state.page > 1) {
        await load({...state, page: Math.ceil(total / state.size)}, {focusAfter});
        return;
      }
      problem.replaceChildren();
      const pages = Math.max(1, Math.ceil(total / state.size));
      table.setCaption(`${noun}, page ${count(state.page)} of ${count(pages)}`);
      paging.update({page: state.page, size: state.size, total, shown: items.length});
      showItems(items, total, state, page);
      loadedOnce = true;
      focusAfter?.();
    } catch (e) {
      if (e.name === 'AbortError' || ticket !== request) {
        return;
      }
      problem.replaceChildren(errorPanel(e, () => load(state)));
      if (!loadedOnce) {
        table.empty(`${noun} could not be loaded.`);
      }
    } finally {
      if (ticket === request) {
        table.setBusy(false);
      }
    }
  }

  return load;
}

/**
 * After a row was deleted (or restored or purged from the bin) and the page reloaded, focus goes to
 * the same action's button now in the same place (the row's own has gone), or to the table when no
 * row is left.
 */
export function focusRowAction(table, index, action = 'delete') {
  const rows = [...table.body.rows].filter((r) => !r.classList.contains('empty-row'));
  const target = rows[Math.min(index, rows.length - 1)]?.querySelector(`[data-action="${action}"]`);
  (target ?? table.element).focus();
}
